using Grove.Core.Agents;
using Grove.Core.Errors;
using Grove.Services.Agents;
using Microsoft.JSInterop;

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
                var hidden = Volatile.Read(ref _hidden);
                if (Interlocked.Exchange(ref _flushScheduled, 1) == 0)
                {
                    // A hidden page folds what arrived once per HiddenFlushInterval and renders nothing until it is shown again.
                    _ = FlushLaterAsync(hidden ? HiddenFlushInterval : pacer.NextDelay(urgent), urgent: false, pacer, cancellationToken);
                }
                else if (urgent && !hidden && Interlocked.Exchange(ref _urgentScheduled, 1) == 0)
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
        Interlocked.Increment(ref _flushes);
        if (!changed)
        {
            return;
        }

        if (Volatile.Read(ref _hidden))
        {
            _renderOwed = true;
        }
        else
        {
            StateHasChanged();
        }
    }

    /// <summary>
    /// The page was hidden or shown again (transcript.js, from <c>document.visibilityState</c>). While
    /// hidden, live events are still folded (in order, trimmed as usual) but the list does not render:
    /// nobody sees it, and a background tab of a streaming agent costs the server no renders and no
    /// sends. Shown again, it folds what waits and renders at once.
    /// </summary>
    [JSInvokable]
    public Task SetVisibleAsync(bool visible) => InvokeAsync(() =>
    {
        Volatile.Write(ref _hidden, !visible);
        if (!visible)
        {
            return;
        }

        Flush();
        if (_renderOwed)
        {
            _renderOwed = false;
            StateHasChanged();
        }
    });
}
