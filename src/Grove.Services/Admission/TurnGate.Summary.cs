using Grove.Core.Admission;
using Grove.Core.Domain;

namespace Grove.Services.Admission;

internal sealed partial class TurnGate
{
    public async Task<AdmissionSummary> SummaryAsync(CancellationToken cancellationToken = default)
    {
        var limits = await AdmissionLimits.ReadAsync(_settings, _defaultMaxRunning, cancellationToken);
        var projects = (await _projects.ListAsync(cancellationToken)).ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal);
        var loads = new List<WorkspaceLoad>();
        foreach (var workspace in await _workspaces.ListAsync(cancellationToken: cancellationToken))
        {
            var tabs = await _tabs.ListAsync(workspace.Id, cancellationToken);
            var running = tabs.Count(t => t.Status is AgentTabStatus.Running or AgentTabStatus.NeedsInput);
            var waiting = tabs.Count(t => t.WaitingSince is not null && t.Status is not (AgentTabStatus.Running or AgentTabStatus.NeedsInput));
            loads.Add(new WorkspaceLoad(workspace.Id, workspace.Name, projects.GetValueOrDefault(workspace.ProjectId) ?? workspace.ProjectId, running, waiting, tabs.Count - running - waiting));
        }

        var bytes = _memory.AvailableBytes();
        return new AdmissionSummary(
            loads.Sum(l => l.Running),
            loads.Sum(l => l.Waiting),
            limits.MaxRunning,
            limits.MaxRunningPerProject,
            bytes / (1024 * 1024),
            limits.MinFreeMemoryMb,
            loads);
    }

    public async Task<IReadOnlyDictionary<string, TurnWait>> WaitsAsync(CancellationToken cancellationToken = default)
    {
        var all = new List<AgentTab>();
        foreach (var workspace in await _workspaces.ListAsync(cancellationToken: cancellationToken))
        {
            all.AddRange(await _tabs.ListAsync(workspace.Id, cancellationToken));
        }

        var order = WaitingOrder(all);
        var waits = new Dictionary<string, TurnWait>(StringComparer.Ordinal);
        for (var i = 0; i < order.Count; i++)
        {
            waits[order[i].Id] = WaitOf(order[i].Id) ?? new TurnWait(i);
        }

        return waits;
    }

    /// <summary>The waiting tabs of every process, oldest first (for "N ahead" outside the process that queues them).</summary>
    public static IReadOnlyList<AgentTab> WaitingOrder(IEnumerable<AgentTab> tabs) =>
        [.. tabs.Where(t => t.WaitingSince is not null && t.Status is not (AgentTabStatus.Running or AgentTabStatus.NeedsInput)).OrderBy(t => t.WaitingSince)];
}
