using System.Globalization;

namespace Grove.Core.Processes;

/// <summary>
/// One process as Linux's <c>/proc/&lt;pid&gt;/stat</c> describes it: state (field 3), parent (4),
/// session (6), utime + stime in clock ticks (14, 15) and resident pages (24). The one reader of
/// that file: agent CPU and memory, a run's session members and a terminal's session all use it.
/// </summary>
public readonly record struct ProcStat(int Pid, char State, int Parent, int Session, long CpuTicks, long ResidentPages)
{
    /// <summary>A zombie: exited, waiting to be reaped.</summary>
    public bool IsZombie => State == 'Z';

    /// <summary>The process, or null when it is gone, unreadable or not on Linux.</summary>
    public static ProcStat? Read(int pid)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            return Parse(pid, File.ReadAllText($"/proc/{pid}/stat"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Every process this user can read (empty off Linux).</summary>
    public static IEnumerable<ProcStat> All()
    {
        if (!OperatingSystem.IsLinux())
        {
            yield break;
        }

        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } stat)
            {
                yield return stat;
            }
        }
    }

    /// <summary>The live processes (zombies excluded) whose session id is <paramref name="sessionId"/>, the leader included.</summary>
    public static IReadOnlyList<int> SessionMembers(int sessionId) =>
        [.. All().Where(s => s.Session == sessionId && !s.IsZombie).Select(s => s.Pid)];

    /// <summary>Parses the file's text; null when it is not what the kernel writes.</summary>
    public static ProcStat? Parse(int pid, string text)
    {
        // "pid (comm) state ppid pgrp session …": comm may hold spaces and ')', so fields start after the last ')'.
        var close = text.LastIndexOf(')');
        if (close < 0 || close + 2 > text.Length)
        {
            return null;
        }

        // fields[0] is field 3 (state): field N is fields[N - 3].
        var fields = text[(close + 2)..].Split(' ');
        if (fields.Length < 22 || fields[0].Length != 1
            || !int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var parent)
            || !int.TryParse(fields[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var session)
            || !long.TryParse(fields[11], NumberStyles.Integer, CultureInfo.InvariantCulture, out var utime)
            || !long.TryParse(fields[12], NumberStyles.Integer, CultureInfo.InvariantCulture, out var stime)
            || !long.TryParse(fields[21], NumberStyles.Integer, CultureInfo.InvariantCulture, out var rss))
        {
            return null;
        }

        return new ProcStat(pid, fields[0][0], parent, session, utime + stime, Math.Max(0, rss));
    }
}
