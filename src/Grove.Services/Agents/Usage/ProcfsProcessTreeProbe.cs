using Grove.Core.Processes;

namespace Grove.Services.Agents.Usage;

/// <summary>
/// Linux: <see cref="ProcStat"/> of the processes of each tree: parent, utime + stime (in clock
/// ticks: USER_HZ, 100 on every mainstream Linux) and resident pages. Finding a tree's descendants
/// takes a scan of every process (<c>/proc/*/stat</c>: hundreds of files with 100 agents running),
/// so the scan runs on the first read, when a root is new, and every <see cref="FullScanEvery"/>th
/// read; the reads in between read the known members of each tree alone (a process that left the
/// tree, or whose pid now belongs to another tree, is left out). A child started since the last scan
/// is counted from the next one on (its CPU time so far then shows in that sample).
/// </summary>
internal sealed class ProcfsProcessTreeProbe(int fullScanEvery = ProcfsProcessTreeProbe.FullScanEvery) : IProcessTreeProbe
{
    /// <summary>Every this many reads, all processes are scanned for new descendants (with the sampler's 2 s, every 10 s).</summary>
    public const int FullScanEvery = 5;

    private const double TicksPerSecond = 100;

    private readonly Lock _lock = new();
    private readonly Dictionary<int, int[]> _members = [];
    private int _reads;

    /// <summary>How many <c>/proc/PID/stat</c> files the last read opened (for tests and diagnostics).</summary>
    internal int LastStatReads { get; private set; }

    public IReadOnlyDictionary<int, ProcessTreeSample> Read(IReadOnlyCollection<int> roots)
    {
        lock (_lock)
        {
            if (roots.Count == 0)
            {
                _members.Clear();
                LastStatReads = 0;
                return new Dictionary<int, ProcessTreeSample>();
            }

            var full = _reads++ % fullScanEvery == 0 || roots.Any(root => !_members.ContainsKey(root));
            return full ? Scan(roots) : ReadKnown(roots);
        }
    }

    private Dictionary<int, ProcessTreeSample> Scan(IReadOnlyCollection<int> roots)
    {
        var result = new Dictionary<int, ProcessTreeSample>();
        var stats = ProcStat.All().ToDictionary(s => s.Pid);
        LastStatReads = stats.Count;
        _members.Clear();
        var children = stats.ToLookup(s => s.Value.Parent, s => s.Key);
        var pageSize = Environment.SystemPageSize;
        foreach (var root in roots.Distinct())
        {
            if (!stats.ContainsKey(root))
            {
                _members[root] = []; // gone: nothing to read until the next scan
                continue;
            }

            long ticks = 0, pages = 0;
            var members = new List<int>();
            var pending = new Stack<int>([root]);
            var seen = new HashSet<int>();
            while (pending.TryPop(out var pid))
            {
                if (!seen.Add(pid) || !stats.TryGetValue(pid, out var stat))
                {
                    continue;
                }

                ticks += stat.CpuTicks;
                pages += stat.ResidentPages;
                members.Add(pid);
                foreach (var child in children[pid])
                {
                    pending.Push(child);
                }
            }

            _members[root] = [.. members];
            result[root] = new ProcessTreeSample(TimeSpan.FromSeconds(ticks / TicksPerSecond), pages * pageSize, members.Count);
        }

        return result;
    }

    /// <summary>Each tree's known members (root first, every parent before its children), each still a child of a member read before it.</summary>
    private Dictionary<int, ProcessTreeSample> ReadKnown(IReadOnlyCollection<int> roots)
    {
        var result = new Dictionary<int, ProcessTreeSample>();
        var pageSize = Environment.SystemPageSize;
        var reads = 0;
        var inTree = new HashSet<int>();
        foreach (var root in roots.Distinct())
        {
            long ticks = 0, pages = 0;
            var count = 0;
            inTree.Clear();
            foreach (var pid in _members[root])
            {
                reads++;
                if (ProcStat.Read(pid) is not { } stat || (pid != root && !inTree.Contains(stat.Parent)))
                {
                    continue;
                }

                inTree.Add(pid);
                ticks += stat.CpuTicks;
                pages += stat.ResidentPages;
                count++;
            }

            if (count > 0 && inTree.Contains(root))
            {
                result[root] = new ProcessTreeSample(TimeSpan.FromSeconds(ticks / TicksPerSecond), pages * pageSize, count);
            }
        }

        LastStatReads = reads;
        return result;
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
