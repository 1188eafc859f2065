using Grove.Server.Streaming;
using Grove.Services.Agents;

namespace Grove.Server.Api;

/// <summary>
/// <c>GET /api/tabs/{tab}/stream?after=N</c>: stored events after N (or <c>Last-Event-ID</c>), then
/// live ones, as Server-Sent Events, with a heartbeat comment while idle. A slow client loses
/// nothing (the hub queues per subscriber); the stream ends when the client goes away.
/// </summary>
internal static class StreamApi
{
    public static void MapStreamApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/tabs/{tab}/stream", StreamAsync).WithTags("Messages").Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
    }

    private static async Task StreamAsync(string tab, long? after, HttpContext context, IAgentTabs tabs, IAgentRuns runs, ServerOptions options, TimeProvider time)
    {
        var requestAborted = context.RequestAborted;
        var resolved = await tabs.ResolveAsync(tab, requestAborted);
        var start = SseWriter.ResumeAfter(context.Request, after);
        SseWriter.Start(context.Response);
        await SseWriter.WriteAsync(context.Response, ": connected\n\n", requestAborted);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        using var heartbeat = new PeriodicTimer(options.HeartbeatInterval, time);
        var events = runs.Events.SubscribeAsync(resolved.Id, start, includeLiveOnly: true, stop.Token).GetAsyncEnumerator(stop.Token);
        Task<bool>? next = null;
        Task<bool>? beat = null;
        try
        {
            while (true)
            {
                next ??= events.MoveNextAsync().AsTask();
                beat ??= heartbeat.WaitForNextTickAsync(stop.Token).AsTask();
                if (await Task.WhenAny(next, beat) == next)
                {
                    var hasEvent = await next;
                    next = null;
                    if (!hasEvent)
                    {
                        break;
                    }

                    await SseWriter.WriteAsync(context.Response, SseWriter.Format(events.Current), stop.Token);
                }
                else
                {
                    await beat;
                    beat = null;
                    await SseWriter.WriteAsync(context.Response, ": heartbeat\n\n", stop.Token);
                }
            }
        }
        catch (Exception ex) when (requestAborted.IsCancellationRequested && ex is OperationCanceledException or IOException)
        {
            // The client went away: that is how an event stream normally ends.
        }
        finally
        {
            await stop.CancelAsync();
            await Settle(next);
            await Settle(beat);
            await events.DisposeAsync();
        }
    }

    private static async Task Settle(Task? pending)
    {
        if (pending is null)
        {
            return;
        }

        try
        {
            await pending;
        }
        catch (OperationCanceledException)
        {
            // Cancelled by the finally block above, on purpose.
        }
    }
}
