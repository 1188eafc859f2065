using Grove.Core.Agents;
using Grove.Core.Errors;
using Grove.Services.Agents;

namespace Grove.Web.Components.Transcript;

public sealed partial class TranscriptView
{
    /// <summary>Follows the tab's events after the last loaded one, once the component is interactive.</summary>
    private void StartSubscription()
    {
        if (!_interactive || !_loaded || _loadError is not null || _subscription is not null)
        {
            return;
        }

        _subscription = new CancellationTokenSource();
        Volatile.Write(ref _flushScheduled, 0);
        lock (_inbox)
        {
            _inbox.Clear();
        }

        var token = _subscription.Token;
        var tab = TabId;
        var after = _fold.LastSequence;
        _ = Task.Run(() => PumpAsync(tab, after, token), CancellationToken.None);
    }

    private void StopSubscription()
    {
        if (_subscription is { } subscription)
        {
            _subscription = null;
            subscription.Cancel();
            subscription.Dispose();
        }
    }

    /// <summary>Reads events off the render thread into the inbox; a flush folds and renders them in a batch.</summary>
    private async Task PumpAsync(string tab, long after, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var live in Runs.Events.SubscribeAsync(tab, after, includeLiveOnly: true, cancellationToken))
            {
                lock (_inbox)
                {
                    _inbox.Add(live);
                }

                if (Interlocked.Exchange(ref _flushScheduled, 1) == 0)
                {
                    _ = FlushLaterAsync(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (GroveException ex)
        {
            await ReportAsync($"Live updates stopped: {ex.Message}");
        }
        catch (InvalidOperationException ex)
        {
            await ReportAsync($"Live updates stopped: {ex.Message}");
        }
    }

    private async Task ReportAsync(string message)
    {
        try
        {
            await InvokeAsync(() => Toasts.Error(message));
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task FlushLaterAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(FlushInterval, Time, cancellationToken);
            Volatile.Write(ref _flushScheduled, 0);
            await InvokeAsync(Flush);
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
            // The circuit is gone.
        }
    }

    private void Flush()
    {
        LiveEvent[] batch;
        lock (_inbox)
        {
            batch = [.. _inbox];
            _inbox.Clear();
        }

        var changed = false;
        var sync = false;
        foreach (var live in batch)
        {
            if (live.TabId != TabId)
            {
                continue;
            }

            changed |= _fold.Apply(live);
            sync |= live.Kind is TabEventHub.StatusKind or AgentEventKinds.PermissionRequest or AgentEventKinds.PermissionDecision;
        }

        if (sync)
        {
            changed |= SyncRunState(initial: false);
        }

        changed |= TrimWindow();

        if (changed)
        {
            StateHasChanged();
        }
    }
}
