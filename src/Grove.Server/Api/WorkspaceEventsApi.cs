using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Grove.Core.Errors;
using Grove.Server.Streaming;
using Grove.Services.Changes;
using Grove.Services.Workspaces;

namespace Grove.Server.Api;

/// <summary>
/// <c>GET /api/workspaces/{ws}/events</c> (Server-Sent Events): the workspace's live feed
/// (<see cref="IWorkspaceFeeds"/>) for the CLI (<c>grove ws watch</c>) or any client, as
/// <c>files_changed</c> (<see cref="FilesChangedEvent"/>), <c>tab_status</c>
/// (<see cref="WorkspaceTabStatusEvent"/>) and <c>status</c> (<see cref="WorkspaceTotals"/>, after
/// each burst and once at connect). The worktree is watched only while the client is connected.
/// </summary>
internal static class WorkspaceEventsApi
{
    public const string FilesChangedKind = "files_changed";
    public const string StatusKind = "status";
    public const string TabStatusKind = "tab_status";

    public static void MapWorkspaceEventsApi(this IEndpointRouteBuilder api) =>
        api.MapGet("/workspaces/{workspace}/events", StreamAsync)
            .WithTags("Workspaces")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");

    private static async Task StreamAsync(
        string workspace, HttpContext context, IWorkspaceService workspaces, IWorkspaceFeeds feeds, ServerOptions options, TimeProvider time)
    {
        var resolved = await workspaces.ResolveAsync(workspace, context.RequestAborted);
        if (!Directory.Exists(resolved.WorktreePath))
        {
            throw new GroveException(ErrorKind.NotFound, $"The worktree of '{resolved.Name}' is missing ({resolved.WorktreePath}); nothing to watch.");
        }

        // One update waits for the socket; the feed merges whatever comes meanwhile into the next.
        var updates = Channel.CreateBounded<WorkspaceFeedUpdate>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

        // Watch and subscribe before the stream opens: a failure is still a ProblemDetails, and nothing after it is missed.
        await using var feed = feeds.Open(resolved, (update, ct) => updates.Writer.WriteAsync(update, ct).AsTask());
        await SseLoop.RunAsync(context, FramesAsync(updates.Reader, context.RequestAborted), f => SseWriter.Format(f.Kind, f.DataJson), options.HeartbeatInterval, time);
    }

    private static async IAsyncEnumerable<(string Kind, string DataJson)> FramesAsync(
        ChannelReader<WorkspaceFeedUpdate> updates, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var update in updates.ReadAllAsync(cancellationToken))
        {
            if (update.Files is { } files)
            {
                yield return (FilesChangedKind, Json(files));
            }

            foreach (var tab in update.Tabs)
            {
                yield return (TabStatusKind, Json(tab));
            }

            if (update.Totals is { } totals)
            {
                yield return (StatusKind, Json(totals));
            }
        }
    }

    private static string Json<T>(T data) => JsonSerializer.Serialize(data, JsonSerializerOptions.Web);
}
