using Grove.Core.Agents;
using Grove.Services.Agents.Usage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grove.Server.Api;

/// <summary>What the running agents cost the machine: <c>GET /api/usage</c>.</summary>
internal static class UsageApi
{
    /// <summary>CPU % and resident memory of each running agent's process tree, and their sums per workspace.</summary>
    public sealed record UsageReport(IReadOnlyList<AgentUsage> Agents, IReadOnlyList<WorkspaceUsage> Workspaces);

    public static void MapUsageApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/usage", async Task<Ok<UsageReport>> (IAgentUsage usage, CancellationToken ct) =>
        {
            if (usage.Current.Count == 0)
            {
                // Nobody looked yet (the sampler starts with the first look): one sample now, CPU from the next.
                await usage.SampleAsync(ct);
            }

            return TypedResults.Ok(new UsageReport(usage.Current, usage.ByWorkspace()));
        }).WithTags("Tabs");
    }
}
