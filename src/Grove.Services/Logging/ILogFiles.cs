using Grove.Core.Logs;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Logging;

/// <summary>Reads Grove's file log (<c>&lt;data&gt;/logs/grove-*.log</c>) for <c>grove logs</c> and the API.</summary>
public interface ILogFiles
{
    /// <summary>The folder the log files are in.</summary>
    string Directory { get; }

    /// <summary>The newest <paramref name="count"/> entries at <paramref name="minimum"/> or above, oldest first.</summary>
    Task<IReadOnlyList<LogEntry>> ReadAsync(LogLevel minimum, int count, CancellationToken cancellationToken = default);

    /// <summary>
    /// The newest <paramref name="backlog"/> entries, then every entry written after them (at
    /// <paramref name="minimum"/> or above), following the newest file across rolls, until cancelled.
    /// Nothing falls between the backlog and what follows.
    /// </summary>
    IAsyncEnumerable<LogEntry> FollowAsync(LogLevel minimum, int backlog, CancellationToken cancellationToken = default);
}
