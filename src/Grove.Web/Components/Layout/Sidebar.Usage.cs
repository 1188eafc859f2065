using Grove.Core.Agents;
using Grove.Services.Agents.Usage;
using Microsoft.AspNetCore.Components;

namespace Grove.Web.Components.Layout;

/// <summary>CPU and memory of each workspace's running agents, summed, from the one shared sampler.</summary>
public sealed partial class Sidebar
{
    private IReadOnlyList<WorkspaceUsage> _usage = [];

    [Inject] private IAgentUsage Usage { get; set; } = null!;

    private WorkspaceUsage? WorkspaceUsageOf(string workspaceId) => _usage.FirstOrDefault(u => u.WorkspaceId == workspaceId);

    private void StartUsage()
    {
        Usage.Sampled += OnUsageSampled;
        _usage = Usage.ByWorkspace();
    }

    private void StopUsage() => Usage.Sampled -= OnUsageSampled;

    private void OnUsageSampled()
    {
        var next = Usage.ByWorkspace();
        if (next.Count == 0 && _usage.Count == 0)
        {
            return;
        }

        _ = InvokeAsync(() =>
        {
            _usage = next;
            StateHasChanged();
        });
    }
}
