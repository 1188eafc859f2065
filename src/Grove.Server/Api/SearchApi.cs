using Grove.Core.Domain;
using Grove.Data.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grove.Server.Api;

/// <summary><c>GET /api/search?q=</c>: full-text search over every transcript.</summary>
internal static class SearchApi
{
    public static void MapSearchApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/search", async Task<Ok<IReadOnlyList<TranscriptSearchHit>>> (string? q, int? limit, ITranscriptStore transcripts, CancellationToken ct) =>
            TypedResults.Ok(await transcripts.SearchAsync(Require.Text(q, "q"), Require.Range(limit, 50, 1, 500, "limit"), ct)))
            .WithTags("Search");
    }
}
