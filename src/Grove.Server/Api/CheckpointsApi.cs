using Grove.Core.Workspaces;
using Grove.Services.Checkpoints;

namespace Grove.Server.Api;

public sealed record RestoreCheckpointBody(string? Tab = null, bool Fork = false);

/// <summary>
/// <c>/api/workspaces/{ws}/checkpoints</c>: a tab's checkpoints (<c>?tab=</c>, default the workspace's
/// most recent tab) numbered from 1 with the files changed since; <c>GET …/{n}</c> one of them;
/// <c>POST …/{n}/restore</c> puts the files back as they were before turn n (409 while the tab runs a
/// turn), optionally forking the conversation.
/// </summary>
internal static class CheckpointsApi
{
    public static void MapCheckpointsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/workspaces/{workspace}/checkpoints").WithTags("Checkpoints");

        group.MapGet("/", (string workspace, string? tab, ICheckpoints checkpoints, CancellationToken ct) => checkpoints.ListAsync(workspace, tab, ct));
        group.MapGet("/{number:int}", (string workspace, int number, string? tab, ICheckpoints checkpoints, CancellationToken ct) => checkpoints.GetAsync(workspace, number, tab, ct));
        group.MapPost("/{number:int}/restore", (string workspace, int number, RestoreCheckpointBody? body, ICheckpoints checkpoints, CancellationToken ct) =>
            checkpoints.RestoreAsync(workspace, number, body?.Tab, body?.Fork ?? false, ct));
    }
}
