using Grove.Services.Agents;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grove.Server.Api;

/// <summary><c>GET /api/search?q=</c>: full-text search over every transcript; each hit names its project, workspace and tab, an event copied by a fork is found once.</summary>
internal static class SearchApi
{
    public static void MapSearchApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/search", async Task<Ok<IReadOnlyList<TranscriptHit>>> (string? q, int? limit, ITranscripts transcripts, CancellationToken ct) =>
            TypedResults.Ok(await transcripts.SearchAsync(Require.Text(q, "q"), Require.Range(limit, 50, 1, 500, "limit"), ct)))
            .WithTags("Search");
    }
}
