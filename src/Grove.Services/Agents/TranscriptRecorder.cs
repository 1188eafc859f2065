using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Data.Stores;

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
/// Appends one tab's events to the transcript in arrival order and publishes them to the
/// <see cref="TabEventHub"/>. Events go through one bounded queue: a writer commits whatever has
/// piled up (at most <see cref="MaxBatch"/> rows) in one transaction (group commit), then publishes
/// the batch in order, so a subscriber sees a stored event only once it is committed, and never out
/// of order. Nothing waits to fill a batch: the writer takes what is queued the moment it is free,
/// so a batch is large only while the writer is busy, and <see cref="FlushAsync"/> (a turn's end, a
/// permission request, stopping) returns once everything before it is stored and published. When
/// <see cref="QueueCapacity"/> items wait, <see cref="RecordAsync"/> waits too (the agent's output
/// then waits in its pipe) rather than memory growing. Deltas are published live only (in the same
/// order) and checkpointed as <see cref="PartialCheckpoint"/> rows.
/// </summary>
internal sealed partial class TranscriptRecorder : IAsyncDisposable
{
    /// <summary>The most rows one transaction stores.</summary>
    internal const int MaxBatch = 256;

    /// <summary>How many items (events, deltas, notices) may wait for the writer before <see cref="RecordAsync"/> waits.</summary>
    internal const int QueueCapacity = 4096;

    private readonly string _tabId;
    private readonly ITranscriptStore _store;
    private readonly TabEventHub _hub;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<(string MessageId, int Index), Partial> _partials = [];
    private readonly Channel<Item> _queue = Channel.CreateBounded<Item>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Task _writer;
    private readonly ITimer _timer;
    private long _lastCheckpoint;

    public TranscriptRecorder(string tabId, ITranscriptStore store, TabEventHub hub, TimeProvider time, TimeSpan interval)
    {
        _tabId = tabId;
        _store = store;
        _hub = hub;
        _time = time;
        _interval = interval;
        _lastCheckpoint = time.GetTimestamp();
        _timer = time.CreateTimer(_ => _ = CheckpointFromTimerAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>The last error the writer hit (the pump stops the agent when this is set).</summary>
    public Exception? Fault { get; private set; }

    /// <summary>Queues one event: stored (or, for a delta, published live) in arrival order.</summary>
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
                await EnqueueAsync(Live(delta.Kind, AgentEventJson.Serialize(delta)), cancellationToken);
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
                    else
                    {
                        _timer.Change(_interval, Timeout.InfiniteTimeSpan);
                    }
                }

                return;
            }

            var done = SupersedePartials(agentEvent);
            await EnqueueAsync(Stored(agentEvent.Kind, AgentEventJson.Serialize(agentEvent), agentEvent.Text) with { Replaces = done?.Row }, cancellationToken);
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
            await EnqueueAsync(Live(kind, payloadJson), cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Checkpoints every dirty partial and waits until everything queued so far is stored and published.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await CheckpointLockedAsync(cancellationToken);
            await EnqueueAsync(Barrier(done), cancellationToken);
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

        _queue.Writer.TryComplete();
        await _writer;
        _gate.Dispose();
    }

    /// <summary>Queues <paramref name="item"/>, waiting while the queue is full; after disposal a barrier is released at once.</summary>
    private ValueTask EnqueueAsync(Item item, CancellationToken cancellationToken) =>
        _queue.Writer.TryWrite(item) ? default : WaitToEnqueueAsync(item, cancellationToken);

    private async ValueTask WaitToEnqueueAsync(Item item, CancellationToken cancellationToken)
    {
        while (await _queue.Writer.WaitToWriteAsync(cancellationToken))
        {
            if (_queue.Writer.TryWrite(item))
            {
                return;
            }
        }

        item.Done?.TrySetResult();
    }

    private async Task CheckpointFromTimerAsync()
    {
        try
        {
            await _gate.WaitAsync();
            try
            {
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
            await EnqueueAsync(Stored(PartialCheckpoint.Kind, JsonSerializer.Serialize(checkpoint, AgentEventJson.Options), null) with { Replaces = partial.Row, Becomes = partial.Row }, cancellationToken);
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
        var done = _partials.Keys.Where(k => k.MessageId == messageId && _partials[k].DeltaKind == kind).OrderBy(k => k.Index).FirstOrDefault();
        if (done.MessageId is not null && _partials.Remove(done, out var partial))
        {
            return partial;
        }

        return null;
    }
}
