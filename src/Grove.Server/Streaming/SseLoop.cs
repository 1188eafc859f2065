namespace Grove.Server.Streaming;

/// <summary>
/// Pumps an event sequence to an SSE response, with a heartbeat comment whenever the interval
/// passes; ends when the sequence ends or the client goes away. Each event is awaited to the
/// socket before the next is read, and the source queues meanwhile, so nothing is lost or reordered.
/// </summary>
internal static class SseLoop
{
    public static async Task RunAsync<T>(HttpContext context, IAsyncEnumerable<T> source, Func<T, string> format, TimeSpan heartbeatInterval, TimeProvider time)
    {
        var requestAborted = context.RequestAborted;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        using var heartbeat = new PeriodicTimer(heartbeatInterval, time);

        // Subscribe before the client sees the stream open, so nothing published after that is missed.
        var events = source.GetAsyncEnumerator(stop.Token);
        Task<bool>? next = events.MoveNextAsync().AsTask();
        Task<bool>? beat = null;
        try
        {
            SseWriter.Start(context.Response);
            await SseWriter.WriteAsync(context.Response, ": connected\n\n", stop.Token);
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

                    await SseWriter.WriteAsync(context.Response, format(events.Current), stop.Token);
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
            await SettleAsync(next);
            await SettleAsync(beat);
            await events.DisposeAsync();
        }
    }

    private static async Task SettleAsync(Task? pending)
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
