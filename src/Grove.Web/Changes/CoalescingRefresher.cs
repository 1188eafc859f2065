namespace Grove.Web.Changes;

/// <summary>
/// Runs a refresh when asked, at most one at a time: requests that arrive while one runs are
/// merged into a single follow-up run, so a burst of file events, an agent turn ending and a click
/// cost at most two reads. Failures are handed to <c>onError</c>; disposing stops further runs.
/// </summary>
public sealed class CoalescingRefresher(Func<CancellationToken, Task> refresh, Action<Exception> onError) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private bool _running;
    private bool _pending;
    private Task _current = Task.CompletedTask;

    /// <summary>The run in progress (or the last one): completes when no request is left.</summary>
    public Task Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>Asks for a refresh; returns the task that will include it.</summary>
    public Task Request()
    {
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested)
            {
                return Task.CompletedTask;
            }

            _pending = true;
            if (_running)
            {
                return _current;
            }

            _running = true;
            _current = Task.Run(RunAsync);
            return _current;
        }
    }

    private async Task RunAsync()
    {
        while (true)
        {
            lock (_gate)
            {
                if (!_pending || _stopping.IsCancellationRequested)
                {
                    _running = false;
                    return;
                }

                _pending = false;
            }

            try
            {
                await refresh(_stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // Disposed while reading: nothing to show any more.
            }
            catch (Exception ex)
            {
                onError(ex);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            // Cancelled, not disposed: a run in progress may still read the token.
            _stopping.Cancel();
        }
    }
}
