using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Grove.Core.Workspaces;
using Grove.Server.Streaming;
using Grove.Services.Runs;

namespace Grove.Server.Api;

/// <summary>
/// <c>/api/workspaces/{ws}/run</c>: the workspace's run script. <c>GET</c> its state (with detected
/// ports), <c>POST</c> starts it, <c>POST …/stop</c> and <c>…/restart</c>, <c>GET …/output?after=N</c>
/// the kept lines, and <c>GET …/events?after=N</c> (Server-Sent Events) <c>output</c> frames (an
/// array of <see cref="RunOutputLine"/>) and <c>state</c> frames (<see cref="WorkspaceRunState"/>);
/// with <c>untilEnded=true</c> the stream ends when the run does.
/// </summary>
internal static class RunsApi
{
    public const string OutputKind = "output";
    public const string StateKind = "state";

    private static readonly JsonSerializerOptions FrameJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static void MapRunsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/workspaces/{workspace}/run").WithTags("Run");

        group.MapGet("/", (string workspace, IWorkspaceRuns runs, CancellationToken ct) => runs.GetAsync(workspace, ct));
        group.MapPost("/", (string workspace, IWorkspaceRuns runs, CancellationToken ct) => runs.StartAsync(workspace, ct));
        group.MapPost("/stop", (string workspace, IWorkspaceRuns runs, CancellationToken ct) => runs.StopAsync(workspace, ct));
        group.MapPost("/restart", (string workspace, IWorkspaceRuns runs, CancellationToken ct) => runs.RestartAsync(workspace, ct));
        group.MapGet("/output", (string workspace, long? after, IWorkspaceRuns runs, CancellationToken ct) => runs.ReadOutputAsync(workspace, after ?? 0, ct));
        group.MapGet("/events", StreamAsync).Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
    }

    private static async Task StreamAsync(string workspace, long? after, bool? untilEnded, HttpContext context, IWorkspaceRuns runs, ServerOptions options, TimeProvider time)
    {
        // Resolved before the stream opens, so an unknown workspace is still a ProblemDetails.
        await runs.GetAsync(workspace, context.RequestAborted);
        await SseLoop.RunAsync(
            context,
            FramesAsync(runs.WatchAsync(workspace, after ?? 0, untilEnded ?? false, context.RequestAborted), context.RequestAborted),
            f => SseWriter.Format(f.Kind, f.DataJson),
            options.HeartbeatInterval,
            time);
    }

    private static async IAsyncEnumerable<(string Kind, string DataJson)> FramesAsync(IAsyncEnumerable<RunUpdate> updates, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var update in updates.WithCancellation(cancellationToken))
        {
            if (update.Lines.Count > 0)
            {
                yield return (OutputKind, JsonSerializer.Serialize(update.Lines, FrameJson));
            }

            yield return (StateKind, JsonSerializer.Serialize(update.State, FrameJson));
        }
    }
}
