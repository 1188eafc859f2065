using System.Globalization;

namespace Grove.Core.Agents;

/// <summary>
/// What one tab's agent costs the machine now: CPU (percent of one core, summed over its process tree,
/// so it may pass 100) and resident memory of the whole tree, from the last sample.
/// </summary>
public sealed record AgentUsage(string TabId, string WorkspaceId, int ProcessId, double CpuPercent, long ResidentBytes, int Processes, DateTimeOffset At)
{
    /// <summary>"12% · 180 MB" (made once: every page compares and shows it after each sample).</summary>
    public string Text { get; } = Format(CpuPercent, ResidentBytes);

    public static string Format(double cpuPercent, long residentBytes) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Round(cpuPercent):0}% · {residentBytes / (1024.0 * 1024.0):0} MB");
}

/// <summary>The agents of one workspace, summed (what the sidebar shows).</summary>
public sealed record WorkspaceUsage(string WorkspaceId, double CpuPercent, long ResidentBytes, int Agents)
{
    public string Text { get; } = AgentUsage.Format(CpuPercent, ResidentBytes);

    public static IReadOnlyList<WorkspaceUsage> Sum(IEnumerable<AgentUsage> agents) =>
        [.. agents.GroupBy(a => a.WorkspaceId, StringComparer.Ordinal)
            .Select(g => new WorkspaceUsage(g.Key, g.Sum(a => a.CpuPercent), g.Sum(a => a.ResidentBytes), g.Count()))];
}
