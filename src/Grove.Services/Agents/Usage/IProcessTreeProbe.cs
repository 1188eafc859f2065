namespace Grove.Services.Agents.Usage;

/// <summary>A process tree at one moment: CPU time used so far (user + system, every process of the tree) and resident memory.</summary>
public sealed record ProcessTreeSample(TimeSpan CpuTime, long ResidentBytes, int Processes);

/// <summary>
/// Reads the CPU time and resident memory of process trees. On Linux from <c>/proc</c> (a scan of
/// <c>/proc/*/stat</c> finds every tree's descendants by parent id, now and then; the reads in between
/// read the members it found); elsewhere the root process alone, through <see cref="System.Diagnostics.Process"/>.
/// </summary>
public interface IProcessTreeProbe
{
    /// <summary>A sample per root that still runs (roots that are gone are left out).</summary>
    IReadOnlyDictionary<int, ProcessTreeSample> Read(IReadOnlyCollection<int> roots);
}
