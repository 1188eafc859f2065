using Grove.Core.Agents;
using Grove.Services.Agents;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grove.Server.Api;

/// <summary><c>GET /api/agents</c>: the kinds of agent a tab can run, default first, with their program state (<c>?refresh=true</c> probes again).</summary>
internal static class AgentsApi
{
    public static void MapAgentsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/agents").WithTags("Agents");
        group.MapGet("/", async Task<Ok<IReadOnlyList<AgentKindInfo>>> (bool? refresh, IAgentKinds kinds, CancellationToken ct) =>
            TypedResults.Ok(await kinds.ListAsync(refresh ?? false, ct)));
    }
}
