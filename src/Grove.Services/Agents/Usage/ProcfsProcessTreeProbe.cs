using System.Globalization;

namespace Grove.Services.Agents.Usage;

/// <summary>
/// Linux: <c>/proc/&lt;pid&gt;/stat</c> of every process, read once per call: parent id (field 4),
/// utime + stime (fields 14 and 15, in clock ticks: USER_HZ, 100 on every mainstream Linux) and
/// resident pages (field 24).
/// </summary>
internal sealed class ProcfsProcessTreeProbe : IProcessTreeProbe
{
    private const double TicksPerSecond = 100;

    public IReadOnlyDictionary<int, ProcessTreeSample> Read(IReadOnlyCollection<int> roots)
    {
        var result = new Dictionary<int, ProcessTreeSample>();
        if (roots.Count == 0)
        {
            return result;
        }

        var stats = new Dictionary<int, (int Parent, long Ticks, long Pages)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && ReadStat(pid) is { } stat)
            {
                stats[pid] = stat;
            }
        }

        var children = stats.ToLookup(s => s.Value.Parent, s => s.Key);
        var pageSize = Environment.SystemPageSize;
        foreach (var root in roots.Distinct())
        {
            if (!stats.ContainsKey(root))
            {
                continue;
            }

            long ticks = 0, pages = 0;
            var count = 0;
            var pending = new Stack<int>([root]);
            var seen = new HashSet<int>();
            while (pending.TryPop(out var pid))
            {
                if (!seen.Add(pid) || !stats.TryGetValue(pid, out var stat))
                {
                    continue;
                }

                ticks += stat.Ticks;
                pages += stat.Pages;
                count++;
                foreach (var child in children[pid])
                {
                    pending.Push(child);
                }
            }

            result[root] = new ProcessTreeSample(TimeSpan.FromSeconds(ticks / TicksPerSecond), pages * pageSize, count);
        }

        return result;
    }

    /// <summary>Parent, CPU ticks and resident pages of one process; null when it is gone or unreadable.</summary>
    internal static (int Parent, long Ticks, long Pages)? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may hold spaces or ')': fields start after the last ')'.
        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = text[(close + 2)..].Split(' ');
        // fields[0] is field 3 (state): field N is fields[N - 3].
        if (fields.Length < 22
            || !int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var parent)
            || !long.TryParse(fields[11], NumberStyles.Integer, CultureInfo.InvariantCulture, out var utime)
            || !long.TryParse(fields[12], NumberStyles.Integer, CultureInfo.InvariantCulture, out var stime)
            || !long.TryParse(fields[21], NumberStyles.Integer, CultureInfo.InvariantCulture, out var rss))
        {
            return null;
        }

        return (parent, utime + stime, Math.Max(0, rss));
    }
}

/// <summary>Elsewhere: the root process only (its CPU time and working set).</summary>
internal sealed class PortableProcessTreeProbe : IProcessTreeProbe
{
    public IReadOnlyDictionary<int, ProcessTreeSample> Read(IReadOnlyCollection<int> roots)
    {
        var result = new Dictionary<int, ProcessTreeSample>();
        foreach (var root in roots.Distinct())
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(root);
                result[root] = new ProcessTreeSample(process.TotalProcessorTime, process.WorkingSet64, 1);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Gone since.
            }
        }

        return result;
    }
}
