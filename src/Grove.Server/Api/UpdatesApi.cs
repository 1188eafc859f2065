using Grove.Core.Updates;
using Grove.Services.Updates;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grove.Server.Api;

/// <summary>The update check's result as the API shows it (no result: <c>latestVersion</c> null).</summary>
public sealed record UpdateView(string CurrentVersion, string? LatestVersion, bool UpdateAvailable, string? Notes, DateTimeOffset? ReleasedAt, DateTimeOffset? CheckedAt, InstallKind InstallKind);

/// <summary>
/// <c>GET /api/updates</c>: the last known result; <c>POST /api/updates/check</c>: check now (the UI calls it
/// when its window regains focus; the one-minute cooldown in <see cref="IUpdates"/> still holds).
/// </summary>
internal static class UpdatesApi
{
    public static void MapUpdatesApi(this IEndpointRouteBuilder api)
    {
        var updates = api.MapGroup("/updates").WithTags("Updates");
        updates.MapGet("/", Ok<UpdateView> (IUpdates service, GroveVersion version) => TypedResults.Ok(View(service.Latest, service, version)));
        updates.MapPost("/check", async Task<Ok<UpdateView>> (IUpdates service, GroveVersion version, CancellationToken ct) =>
            TypedResults.Ok(View(await service.CheckAsync(ct), service, version)));
    }

    private static UpdateView View(UpdateStatus? status, IUpdates service, GroveVersion version) => new(
        version.Version,
        status?.LatestVersion,
        status?.UpdateAvailable ?? false,
        status?.Notes,
        status?.ReleasedAt,
        status?.CheckedAt,
        service.InstallKind);
}
