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
        Volatile.Write(ref _urgentScheduled, 0);
        lock (_inbox)
        {
            _inbox.Clear();
        }

        var token = _subscription.Token;
        var tab = TabId;
        var after = _fold.LastSequence;
        var pacer = new FlushPacer(Time, FlushInterval, StreamingFlushInterval);
        _ = Task.Run(() => PumpAsync(tab, after, pacer, token), CancellationToken.None);
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
    private async Task PumpAsync(string tab, long after, FlushPacer pacer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var live in Runs.Events.SubscribeAsync(tab, after, includeLiveOnly: true, cancellationToken))
            {
                lock (_inbox)
                {
                    _inbox.Add(live);
                }

                var urgent = IsUrgent(live.Kind);
                if (Interlocked.Exchange(ref _flushScheduled, 1) == 0)
                {
                    _ = FlushLaterAsync(pacer.NextDelay(urgent), urgent: false, pacer, cancellationToken);
                }
                else if (urgent && Interlocked.Exchange(ref _urgentScheduled, 1) == 0)
                {
                    // A streaming tab's flush may be up to StreamingFlushInterval away: a status change or a request does not wait for it.
                    _ = FlushLaterAsync(FlushInterval, urgent: true, pacer, cancellationToken);
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

    /// <summary>What the user waits on or acts on: shown at once, not with the next batch of a streaming tab.</summary>
    private static bool IsUrgent(string kind) =>
        kind is TabEventHub.StatusKind or AgentEventKinds.PermissionRequest or AgentEventKinds.PermissionDecision;

    private async Task FlushLaterAsync(TimeSpan delay, bool urgent, FlushPacer pacer, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, Time, cancellationToken);
            if (urgent)
            {
                Volatile.Write(ref _urgentScheduled, 0);
            }
            else
            {
                Volatile.Write(ref _flushScheduled, 0);
            }

            pacer.Flushed();
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
            sync |= IsUrgent(live.Kind);
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
