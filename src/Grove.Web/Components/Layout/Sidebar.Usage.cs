using Grove.Core.Agents;
using Grove.Services.Agents.Usage;
using Microsoft.AspNetCore.Components;

namespace Grove.Web.Components.Layout;

/// <summary>CPU and memory of each workspace's running agents, summed, from the one shared sampler.</summary>
public sealed partial class Sidebar
{
    private Dictionary<string, WorkspaceUsage> _usage = new(StringComparer.Ordinal);

    [Inject] private IAgentUsage Usage { get; set; } = null!;

    private WorkspaceUsage? WorkspaceUsageOf(string workspaceId) => _usage.GetValueOrDefault(workspaceId);

    private static Dictionary<string, WorkspaceUsage> ByWorkspace(IReadOnlyList<WorkspaceUsage> usage) =>
        usage.ToDictionary(u => u.WorkspaceId, StringComparer.Ordinal);

    private void StartUsage()
    {
        Usage.Sampled += OnUsageSampled;
        _usage = ByWorkspace(Usage.ByWorkspace());
    }

    private void StopUsage() => Usage.Sampled -= OnUsageSampled;

    /// <summary>New figures: the sidebar renders only when a workspace's shown text changed (then only that row renders).</summary>
    private void OnUsageSampled()
    {
        var next = ByWorkspace(Usage.ByWorkspace());
        _ = InvokeAsync(() =>
        {
            var changed = next.Count != _usage.Count
                || next.Any(pair => _usage.GetValueOrDefault(pair.Key) is not { } before || before.Text != pair.Value.Text || before.Agents != pair.Value.Agents);
            _usage = next;
            if (changed)
            {
                StateHasChanged();
            }
        });
    }
}
