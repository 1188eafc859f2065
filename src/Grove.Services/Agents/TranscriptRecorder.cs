using System.Text;
using System.Text.Json;
using Grove.Core.Agents;
using Grove.Core.Domain;

namespace Grove.Services.Agents;

/// <summary>
/// A checkpoint of text still streaming (kind <c>partial</c>): the whole text of one block so far.
/// Written at most every ~250 ms while deltas arrive, so a crash loses at most that much. The
/// transcript holds at most one per block: a newer checkpoint drops the older one, and the block's
/// final <c>text</c>/<c>thinking</c> event drops it in the same transaction, so no reader ever sees
/// a superseded partial.
/// </summary>
public sealed record PartialCheckpoint(string? MessageId, int Index, DeltaKind DeltaKind, string Text)
{
    public const string Kind = "partial";
}

/// <summary>
/// One tab's side of recording: turns its events into rows and live items, in arrival order, and
/// hands them to the shared <see cref="TranscriptCommitter"/>, which stores every tab's rows of a
/// short window in one transaction and then publishes each tab's items to the
/// <see cref="TabEventHub"/> in that tab's order, so a subscriber sees a stored event only once it
/// is committed, and never out of order. A live-only item (a delta, a status notice) with nothing
/// of its tab waiting is published at once by the caller; otherwise it waits behind the rows
/// before it. <see cref="FlushAsync"/> (a turn's end, a permission request, stopping) does not wait
/// for the window: it returns once everything before it is stored and published. When
/// <see cref="QueueCapacity"/> items wait, <see cref="RecordAsync"/> waits too (the agent's output
/// then waits in its pipe) rather than memory growing. Deltas of text are checkpointed as
/// <see cref="PartialCheckpoint"/> rows. A delta that waits behind a row absorbs the deltas of the
/// same block that follow it until something else is queued: the subscriber gets their text as one
/// delta, in the same place in the tab's order (a fast stream is not thousands of live items kept
/// across the commit window, each serialized and published on its own).
/// </summary>
internal sealed partial class TranscriptRecorder : IAsyncDisposable
{
    /// <summary>How many items (events, deltas, notices) may wait for the committer before <see cref="RecordAsync"/> waits.</summary>
    internal const int QueueCapacity = 4096;

    private readonly TranscriptCommitter _committer;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<(string MessageId, int Index), Partial> _partials = [];
    private readonly ITimer _timer;
    private long _lastCheckpoint;

    // Set while the checkpoint timer is armed (under _gate), so a delta does not re-arm it each time.
    private bool _timerArmed;

    public TranscriptRecorder(string tabId, TranscriptCommitter committer, TimeProvider time, TimeSpan interval)
    {
        TabId = tabId;
        _committer = committer;
        _time = time;
        _interval = interval;
        _lastCheckpoint = time.GetTimestamp();
        _timer = time.CreateTimer(_ => _ = CheckpointFromTimerAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public string TabId { get; }

    /// <summary>The last error storing this tab's rows hit (the pump stops the agent when this is set).</summary>
    public Exception? Fault { get; private set; }

    /// <summary>Records one event: stored (or, for a delta, published live) in arrival order.</summary>
    public async Task RecordAsync(AgentEvent agentEvent, CancellationToken cancellationToken)
    {
        if (Fault is { } fault)
        {
            throw new InvalidOperationException($"The transcript writer failed: {fault.Message}", fault);
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (agentEvent is DeltaEvent delta)
            {
                await HandDeltaAsync(delta, cancellationToken);
                // Text and thinking are checkpointed while they stream; a tool's output is stored whole in its result.
                if (delta.DeltaKind is DeltaKind.Text or DeltaKind.Thinking)
                {
                    var key = (delta.MessageId ?? string.Empty, delta.Index);
                    if (!_partials.TryGetValue(key, out var partial))
                    {
                        _partials[key] = partial = new Partial(delta.MessageId, delta.Index, delta.DeltaKind);
                    }

                    partial.Append(delta.Delta);
                    if (_time.GetElapsedTime(_lastCheckpoint) >= _interval)
                    {
                        await CheckpointLockedAsync(cancellationToken);
                    }
                    else if (!_timerArmed)
                    {
                        // The tail of a stream is checkpointed by the timer, at most one interval later.
                        _timerArmed = true;
                        _timer.Change(_interval, Timeout.InfiniteTimeSpan);
                    }
                }

                return;
            }

            var done = SupersedePartials(agentEvent);
            await HandAsync(Stored(agentEvent.Kind, AgentEventJson.Serialize(agentEvent), agentEvent.Text) with { Replaces = done?.Row }, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Publishes a live-only notice (tab status, queue position) in order with the events around it.</summary>
    public async Task PublishLiveAsync(string kind, string payloadJson, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await HandAsync(Live(kind, payloadJson), cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Checkpoints every dirty partial and waits until everything recorded so far is stored and published.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await CheckpointLockedAsync(cancellationToken);
            await HandAsync(Barrier(done), cancellationToken);
        }
        finally
        {
            _gate.Release();
        }

        await done.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync();
        try
        {
            await FlushAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Core.Errors.GroveException or IOException)
        {
            // Already reported through Fault; disposal must not throw.
        }

        _gate.Dispose();
    }

    private async Task CheckpointFromTimerAsync()
    {
        try
        {
            await _gate.WaitAsync();
            try
            {
                _timerArmed = false;
                await CheckpointLockedAsync(CancellationToken.None);
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (ObjectDisposedException)
        {
        }
        catch (InvalidOperationException)
        {
            // The committer stopped or this tab's writes failed: reported through Fault.
        }
    }

    private async ValueTask CheckpointLockedAsync(CancellationToken cancellationToken)
    {
        _lastCheckpoint = _time.GetTimestamp();
        foreach (var partial in _partials.Values)
        {
            if (!partial.Dirty)
            {
                continue;
            }

            var checkpoint = new PartialCheckpoint(partial.MessageId, partial.Index, partial.DeltaKind, partial.Text.ToString());
            partial.Dirty = false;
            await HandAsync(Stored(PartialCheckpoint.Kind, JsonSerializer.Serialize(checkpoint, AgentEventJson.Options), null) with { Replaces = partial.Row, Becomes = partial.Row }, cancellationToken);
        }
    }

    private Partial? SupersedePartials(AgentEvent agentEvent)
    {
        var (messageId, kind) = agentEvent switch
        {
            TextEvent t => (t.MessageId, DeltaKind.Text),
            ThinkingEvent t => (t.MessageId, DeltaKind.Thinking),
            _ => (null, DeltaKind.Text),
        };
        if (messageId is null)
        {
            return null;
        }

        // Blocks of one message complete in order: the lowest open index of that kind is this one.
        // (A loop, not LINQ: every text event of a tab comes through here, with no partial open most of the time.)
        Partial? done = null;
        foreach (var open in _partials.Values)
        {
            if (open.DeltaKind == kind && string.Equals(open.MessageId ?? string.Empty, messageId, StringComparison.Ordinal) && (done is null || open.Index < done.Index))
            {
                done = open;
            }
        }

        if (done is not null)
        {
            _partials.Remove((done.MessageId ?? string.Empty, done.Index));
        }

        return done;
    }

    private sealed class Partial(string? messageId, int index, DeltaKind deltaKind)
    {
        public string? MessageId { get; } = messageId;
        public int Index { get; } = index;
        public DeltaKind DeltaKind { get; } = deltaKind;
        public StringBuilder Text { get; } = new();
        public PartialRow Row { get; } = new();
        public bool Dirty { get; set; }

        public void Append(string delta)
        {
            Text.Append(delta);
            Dirty = true;
        }
    }
}
