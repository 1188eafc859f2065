using System.Runtime.CompilerServices;
using System.Text;
using Grove.Core.Logs;
using Grove.Core.Paths;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Logging;

internal sealed class LogFiles(GrovePaths paths, TimeProvider time) : ILogFiles
{
    /// <summary>How often <see cref="FollowAsync"/> looks for new lines (polling spends no file watch).</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public string Directory => paths.LogsDirectory;

    public async Task<IReadOnlyList<LogEntry>> ReadAsync(LogLevel minimum, int count, CancellationToken cancellationToken = default) =>
        (await ReadBacklogAsync(minimum, count, cancellationToken)).Entries;

    /// <summary>The newest entries, and where the newest file's whole lines end (following starts there).</summary>
    private async Task<(IReadOnlyList<LogEntry> Entries, string? File, long Position)> ReadBacklogAsync(LogLevel minimum, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var newestFirst = new List<LogEntry>();
        var files = Files();
        var newest = files.LastOrDefault();
        long position = 0;
        foreach (var file in files.AsEnumerable().Reverse())
        {
            IEnumerable<string> lines;
            if (file == newest)
            {
                (var text, position) = await ReadFromAsync(file, 0, cancellationToken);
                lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0);
            }
            else if (newestFirst.Count < count)
            {
                lines = await ReadLinesAsync(file, cancellationToken);
            }
            else
            {
                break;
            }

            var entries = LogEntryParser.Parse(lines).Where(e => e.Level >= minimum).ToList();
            for (var i = entries.Count - 1; i >= 0 && newestFirst.Count < count; i--)
            {
                newestFirst.Add(entries[i]);
            }
        }

        newestFirst.Reverse();
        return (newestFirst, newest, position);
    }

    public async IAsyncEnumerable<LogEntry> FollowAsync(LogLevel minimum, int backlog, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (entries, file, position) = await ReadBacklogAsync(minimum, backlog, cancellationToken);
        foreach (var entry in entries)
        {
            yield return entry;
        }

        var parser = new LogEntryParser();
        var partial = new StringBuilder();
        while (!cancellationToken.IsCancellationRequested)
        {
            var readAny = false;
            if (file is not null)
            {
                (var text, position) = await ReadFromAsync(file, position, cancellationToken);
                if (text.Length > 0)
                {
                    readAny = true;
                    partial.Append(text);
                    foreach (var entry in CompleteLines(partial).Select(parser.Add).OfType<LogEntry>().Where(e => e.Level >= minimum))
                    {
                        yield return entry;
                    }
                }
            }

            if (!readAny)
            {
                // Nothing new: the entry being collected is complete; a newer file means the log rolled.
                if (parser.Flush() is { } pending && pending.Level >= minimum)
                {
                    yield return pending;
                }

                var newest = Files().LastOrDefault();
                if (newest is not null && !string.Equals(newest, file, StringComparison.Ordinal))
                {
                    file = newest;
                    position = 0;
                    partial.Clear();
                    continue;
                }

                try
                {
                    await Task.Delay(PollInterval, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
            }
        }
    }

    /// <summary>Grove's log files, oldest first (<c>grove-YYYYMMDD.log</c> before <c>grove-YYYYMMDD_001.log</c>).</summary>
    private List<string> Files() =>
        System.IO.Directory.Exists(paths.LogsDirectory)
            ? [.. System.IO.Directory.EnumerateFiles(paths.LogsDirectory, LogRetention.FilePattern).Order(StringComparer.Ordinal)]
            : [];

    private static async Task<IEnumerable<string>> ReadLinesAsync(string file, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var text = await reader.ReadToEndAsync(cancellationToken);
            return text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0);
        }
        catch (FileNotFoundException)
        {
            return [];
        }
    }

    private static async Task<(string Text, long Position)> ReadFromAsync(string file, long position, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length < position)
            {
                position = 0;
            }

            if (stream.Length == position)
            {
                return (string.Empty, position);
            }

            stream.Seek(position, SeekOrigin.Begin);
            var buffer = new byte[stream.Length - position];
            await stream.ReadExactlyAsync(buffer, cancellationToken);
            // Only whole lines are taken, so a multi-byte character is never split.
            var lastNewline = Array.LastIndexOf(buffer, (byte)'\n');
            if (lastNewline < 0)
            {
                return (string.Empty, position);
            }

            return (Encoding.UTF8.GetString(buffer, 0, lastNewline + 1), position + lastNewline + 1);
        }
        catch (FileNotFoundException)
        {
            return (string.Empty, position);
        }
    }

    private static List<string> CompleteLines(StringBuilder text)
    {
        var all = text.ToString();
        var lastNewline = all.LastIndexOf('\n');
        if (lastNewline < 0)
        {
            return [];
        }

        text.Remove(0, lastNewline + 1);
        return [.. all[..lastNewline].Split('\n').Select(l => l.TrimEnd('\r'))];
    }
}
