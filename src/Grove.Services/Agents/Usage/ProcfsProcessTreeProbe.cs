using Grove.Core.Processes;

namespace Grove.Services.Agents.Usage;

/// <summary>
/// Linux: <see cref="ProcStat"/> of every process, read once per call: parent, utime + stime (in
/// clock ticks: USER_HZ, 100 on every mainstream Linux) and resident pages.
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

        var stats = ProcStat.All().ToDictionary(s => s.Pid);

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

                ticks += stat.CpuTicks;
                pages += stat.ResidentPages;
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
