using System.Collections.Concurrent;

namespace Grove.Services.Projects;

/// <summary>
/// Tells whether a project's git config (where <c>origin</c> lives) may have changed since Grove
/// last read it, with one <c>stat</c>: its last write is compared with what this process saw, or
/// the first time with when Grove last stored the project's git metadata.
/// </summary>
internal sealed class GitConfigStamps
{
    /// <summary>
    /// File times come from the kernel's coarse clock (a tick of a few ms) while the stored time is
    /// read from a fine one, so a config written just after Grove stored the project can carry an
    /// earlier time. A config written up to this long before the stored time is read again (a few
    /// git calls), so no change is missed.
    /// </summary>
    private static readonly TimeSpan ClockSlack = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, DateTime> _seen = new(StringComparer.Ordinal);

    /// <summary>True when the config under <paramref name="projectPath"/> changed since it was last read.</summary>
    public bool Changed(string projectPath, DateTimeOffset storedAt, out DateTime stamp)
    {
        stamp = Stamp(projectPath);
        if (stamp == DateTime.MinValue)
        {
            return true;
        }

        return _seen.TryGetValue(projectPath, out var seen)
            ? seen != stamp
            : new DateTimeOffset(stamp, TimeSpan.Zero) > storedAt - ClockSlack;
    }

    public void Remember(string projectPath, DateTime stamp)
    {
        if (stamp != DateTime.MinValue)
        {
            _seen[projectPath] = stamp;
        }
    }

    /// <summary>
    /// The last write of <c>.git/config</c> (UTC); MinValue when it cannot be told cheaply (a
    /// linked worktree's <c>.git</c> file, a missing folder), which means "read it".
    /// </summary>
    private static DateTime Stamp(string projectPath)
    {
        var config = new FileInfo(Path.Combine(projectPath, ".git", "config"));
        return config.Exists ? config.LastWriteTimeUtc : DateTime.MinValue;
    }
}
