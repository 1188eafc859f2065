using Grove.Core.Processes;

namespace Grove.Services.Agents.Usage;

/// <summary>
/// Linux: each agent's tree from its root down, through <see cref="ProcStat.Children"/> (the kernel's
/// list of a process's children) and <see cref="ProcStat"/> of each member: parent, utime + stime (in
/// clock ticks: USER_HZ, 100 on every mainstream Linux) and resident pages. Only the agents' own
/// processes are read, not every process of the machine; a kernel without the children list falls
/// back to one scan of <c>/proc/*/stat</c> that finds every tree's descendants by parent id.
/// </summary>
internal sealed class ProcfsProcessTreeProbe(bool childLists = true) : IProcessTreeProbe
{
    private const double TicksPerSecond = 100;

    private bool _childLists = childLists;

    public IReadOnlyDictionary<int, ProcessTreeSample> Read(IReadOnlyCollection<int> roots)
    {
        var result = new Dictionary<int, ProcessTreeSample>();
        if (roots.Count == 0)
        {
            return result;
        }

        if (_childLists && ReadTrees(roots, result))
        {
            return result;
        }

        // No children lists in this kernel: from now on, one scan of every process per call.
        _childLists = false;
        result.Clear();
        var stats = ProcStat.All().ToDictionary(s => s.Pid);
        var children = stats.ToLookup(s => s.Value.Parent, s => s.Key);
        foreach (var root in roots.Distinct())
        {
            if (stats.ContainsKey(root))
            {
                result[root] = Sum(root, pid => stats.TryGetValue(pid, out var stat) ? stat : null, pid => [.. children[pid]]);
            }
        }

        return result;
    }

    /// <summary>Each root's tree through the children lists; false when the kernel has none.</summary>
    private static bool ReadTrees(IReadOnlyCollection<int> roots, Dictionary<int, ProcessTreeSample> result)
    {
        var supported = true;
        foreach (var root in roots.Distinct())
        {
            if (ProcStat.Read(root) is not { } rootStat)
            {
                continue;
            }

            var sample = Sum(root, pid => pid == root ? rootStat : ProcStat.Read(pid), pid =>
            {
                var children = ProcStat.Children(pid);
                supported &= children is not null;
                return children ?? [];
            });
            if (!supported)
            {
                return false;
            }

            result[root] = sample;
        }

        return true;
    }

    private static ProcessTreeSample Sum(int root, Func<int, ProcStat?> statOf, Func<int, IReadOnlyList<int>> childrenOf)
    {
        long ticks = 0, pages = 0;
        var count = 0;
        var pending = new Stack<int>([root]);
        var seen = new HashSet<int>();
        while (pending.TryPop(out var pid))
        {
            if (!seen.Add(pid) || statOf(pid) is not { } stat)
            {
                continue;
            }

            ticks += stat.CpuTicks;
            pages += stat.ResidentPages;
            count++;
            foreach (var child in childrenOf(pid))
            {
                pending.Push(child);
            }
        }

        return new ProcessTreeSample(TimeSpan.FromSeconds(ticks / TicksPerSecond), pages * Environment.SystemPageSize, count);
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
