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
            // Read often (every agent sample reads every process): one read into a stack buffer, no
            // stream or reader per file. The line is well under 1 KB (comm is at most 64 bytes).
            using var handle = File.OpenHandle($"/proc/{pid}/stat");
            Span<byte> bytes = stackalloc byte[1024];
            var length = RandomAccess.Read(handle, bytes, 0);
            Span<char> chars = stackalloc char[length];
            var count = System.Text.Encoding.UTF8.GetChars(bytes[..length], chars);
            return Parse(pid, chars[..count]);
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
    public static ProcStat? Parse(int pid, string text) => Parse(pid, text.AsSpan());

    /// <inheritdoc cref="Parse(int, string)"/>
    public static ProcStat? Parse(int pid, ReadOnlySpan<char> text)
    {
        // "pid (comm) state ppid pgrp session …": comm may hold spaces and ')', so fields start after the last ')'.
        var close = text.LastIndexOf(')');
        if (close < 0 || close + 2 > text.Length)
        {
            return null;
        }

        // fields[0] is field 3 (state): field N is fields[N - 3]. Only the first 22 matter; the 23rd range holds the rest.
        var rest = text[(close + 2)..];
        Span<Range> fields = stackalloc Range[23];
        if (rest.Split(fields, ' ') < 22 || rest[fields[0]].Length != 1
            || !int.TryParse(rest[fields[1]], NumberStyles.Integer, CultureInfo.InvariantCulture, out var parent)
            || !int.TryParse(rest[fields[3]], NumberStyles.Integer, CultureInfo.InvariantCulture, out var session)
            || !long.TryParse(rest[fields[11]], NumberStyles.Integer, CultureInfo.InvariantCulture, out var utime)
            || !long.TryParse(rest[fields[12]], NumberStyles.Integer, CultureInfo.InvariantCulture, out var stime)
            || !long.TryParse(rest[fields[21]], NumberStyles.Integer, CultureInfo.InvariantCulture, out var rss))
        {
            return null;
        }

        return new ProcStat(pid, rest[fields[0]][0], parent, session, utime + stime, Math.Max(0, rss));
    }
}
