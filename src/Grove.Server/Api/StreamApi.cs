using System.Text.Json;
using Grove.Server.Streaming;
using Grove.Services.Agents;

namespace Grove.Server.Api;

/// <summary>
/// Event streams (Server-Sent Events). <c>GET /api/tabs/{tab}/stream?after=N</c>: stored events
/// after N (or <c>Last-Event-ID</c>), then live ones; a slow client loses nothing (the hub queues
/// per subscriber). <c>GET /api/events</c>: every tab's status changes, live, for a sidebar.
/// </summary>
internal static class StreamApi
{
    public static void MapStreamApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/tabs/{tab}/stream", StreamTabAsync).WithTags("Messages").Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        api.MapGet("/events", StreamStatusAsync).WithTags("Messages").Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
    }

    private static async Task StreamTabAsync(string tab, long? after, HttpContext context, IAgentTabs tabs, IAgentRuns runs, ServerOptions options, TimeProvider time)
    {
        var resolved = await tabs.ResolveAsync(tab, context.RequestAborted);
        var start = SseWriter.ResumeAfter(context.Request, after);
        var events = runs.Events.SubscribeAsync(resolved.Id, start, includeLiveOnly: true, context.RequestAborted);
        await SseLoop.RunAsync(context, events, SseWriter.Format, options.HeartbeatInterval, time);
    }

    private static Task StreamStatusAsync(HttpContext context, IAgentRuns runs, ServerOptions options, TimeProvider time) =>
        SseLoop.RunAsync(context, runs.Events.SubscribeStatusAsync(context.RequestAborted), FormatStatus, options.HeartbeatInterval, time);

    /// <summary><c>event: tab_status</c>, <c>data: {"tabId":…,"status":…}</c>.</summary>
    private static string FormatStatus(LiveEvent live)
    {
        using var payload = JsonDocument.Parse(live.PayloadJson);
        var status = payload.RootElement.TryGetProperty("status", out var value) ? value.GetString() : null;
        var data = JsonSerializer.Serialize(new { tabId = live.TabId, status, at = live.At }, JsonSerializerOptions.Web);
        return SseWriter.Format(live with { Sequence = null, PayloadJson = data });
    }
}
