using Grove.Core.Errors;
using Grove.Data.Stores;
using Grove.Server.Streaming;
using Grove.Services.Agents;
using Grove.Services.Changes;
using Grove.Services.Workspaces;

namespace Grove.Server.Api;

/// <summary><c>event: files_changed</c>: one debounced burst of changes in the worktree (kinds: workingFiles, index, head, refs).</summary>
public sealed record FilesChangedEvent(string WorkspaceId, IReadOnlyList<string> Kinds, IReadOnlyList<string> Paths, DateTimeOffset At);

/// <summary><c>event: status</c>: the workspace's changes against its base (as the sidebar counts them), after each burst and once at connect.</summary>
public sealed record WorkspaceStatusEvent(
    string WorkspaceId, string? Branch, int ChangedFiles, int Added, int Deleted, int Ahead, int Behind, string? Error, DateTimeOffset At);

/// <summary><c>event: tab_status</c>: a tab of this workspace changed status (running, needsinput, idle, error…).</summary>
public sealed record WorkspaceTabStatusEvent(string WorkspaceId, string TabId, string Name, string? Status, DateTimeOffset At);

/// <summary>
/// <c>GET /api/workspaces/{ws}/events</c> (Server-Sent Events): file changes, the change summary and
/// the workspace's tab statuses, live, for the CLI (<c>grove ws watch</c>) or any client. The worktree
/// is watched through <see cref="WorkspaceWatchHub"/> only while the client is connected.
/// </summary>
internal static class WorkspaceEventsApi
{
    public static void MapWorkspaceEventsApi(this IEndpointRouteBuilder api) =>
        api.MapGet("/workspaces/{workspace}/events", StreamAsync)
            .WithTags("Workspaces")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");

    private static async Task StreamAsync(
        string workspace,
        HttpContext context,
        IWorkspaceService workspaces,
        WorkspaceWatchHub watchers,
        IWorkspaceChanges changes,
        IAgentTabStore tabs,
        TabEventHub hub,
        ILogger<WorkspaceEventFeed> logger,
        ServerOptions options,
        TimeProvider time)
    {
        var resolved = await workspaces.ResolveAsync(workspace, context.RequestAborted);
        if (!Directory.Exists(resolved.WorktreePath))
        {
            throw new GroveException(ErrorKind.NotFound, $"The worktree of '{resolved.Name}' is missing ({resolved.WorktreePath}); nothing to watch.");
        }

        // Watch and subscribe before the stream opens: a failure is still a ProblemDetails, and nothing after it is missed.
        await using var feed = WorkspaceEventFeed.Start(resolved, watchers, changes, tabs, hub, logger, time);
        await SseLoop.RunAsync(context, feed.ReadAllAsync(context.RequestAborted), e => SseWriter.Format(e.Kind, e.DataJson), options.HeartbeatInterval, time);
    }
}
