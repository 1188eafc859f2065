using Grove.Core.Conflicts;
using Grove.Services.Conflicts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grove.Server.Api;

/// <summary>
/// <c>GET /api/conflicts[?project=p]</c>: the conflict radar (every project, or one): overlapping
/// workspaces, and whether merging them would conflict.
/// </summary>
internal static class ConflictsApi
{
    public static void MapConflictsApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/conflicts", async Task<Ok<IReadOnlyList<ConflictReport>>> (IConflictRadar radar, string? project, CancellationToken ct) =>
            TypedResults.Ok(project is { Length: > 0 }
                ? (IReadOnlyList<ConflictReport>)[await radar.GetAsync(project, cancellationToken: ct)]
                : await radar.GetAllAsync(cancellationToken: ct)))
            .WithTags("Conflicts");
    }
}
