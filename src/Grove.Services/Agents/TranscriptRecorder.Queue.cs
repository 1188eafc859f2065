using System.Runtime.InteropServices;
using System.Text;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Data.Stores;

namespace Grove.Services.Agents;

/// <summary>
/// The tab's items between the caller and the <see cref="TranscriptCommitter"/>: what waits
/// (<c>_pending</c>, in arrival order), what the committer took for its current transaction
/// (<c>_batch</c>), and the hand-over in both directions. Callers hand items under the recorder's
/// gate; only the committer's loop takes, publishes or fails a batch, one batch of a tab at a time.
/// </summary>
internal sealed partial class TranscriptRecorder
{
    private readonly Lock _sync = new();
    private readonly Queue<Item> _pending = new();

    // The committer's current batch of this tab and what it stores; reused, touched only by the committer's loop.
    private readonly List<Item> _batch = [];
    private readonly List<TranscriptEvent> _rows = [];
    private readonly List<long> _dropped = [];
    private readonly List<bool> _skipped = [];
    private readonly HashSet<PartialRow> _replacedLater = new(ReferenceEqualityComparer.Instance);

    // Items handed over and not yet published (waiting or in the committer's batch); under _sync.
    private int _unpublished;

    // What waits in _pending as recorded (a delta merged into the one before it counts too): the queue's bound; under _sync.
    private int _queued;

    // The delta queued last, while nothing was queued after it: the next delta of its block joins it; under _sync.
    private QueuedDelta? _lastDelta;

    // In the committer's queue of tabs to take from; under _sync.
    private bool _scheduled;

    // Completed when a caller waiting for room in a full queue may go on; under _sync.
    private TaskCompletionSource? _room;

    /// <summary>What the committer's current batch stores for this tab (null: nothing, e.g. only live items and barriers).</summary>
    internal TranscriptAppend? BatchAppend { get; private set; }

    /// <summary>
    /// Hands one item over. A live-only item or a barrier with nothing of this tab waiting is
    /// delivered at once, on the caller's thread; anything else waits behind what came before it.
    /// </summary>
    private ValueTask HandAsync(Item item, CancellationToken cancellationToken) =>
        TryHand(item) ? default : HandWhenRoomAsync(item, cancellationToken);

    /// <summary>
    /// Hands one delta over: published at once when nothing of this tab waits; joined to the delta
    /// queued last when it continues that delta's block and nothing was queued since; else queued.
    /// Serialized once, when it is published.
    /// </summary>
    private ValueTask HandDeltaAsync(DeltaEvent delta, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            if (_unpublished == 0)
            {
                _committer.Hub.Publish(new LiveEvent(TabId, null, AgentEventKinds.Delta, AgentEventJson.Serialize(delta), _time.GetUtcNow()));
                return default;
            }

            if (_lastDelta is { } last && _queued < QueueCapacity && last.TryJoin(delta))
            {
                _queued++;
                return default;
            }
        }

        return HandAsync(new Item(false, AgentEventKinds.Delta, null, null, _time.GetUtcNow(), null) { Delta = new QueuedDelta(delta) }, cancellationToken);
    }

    private bool TryHand(Item item)
    {
        bool schedule;
        lock (_sync)
        {
            if (!item.Store && _unpublished == 0)
            {
                Deliver(item);
                return true;
            }

            if (_queued >= QueueCapacity)
            {
                return false;
            }

            _pending.Enqueue(item);
            _lastDelta = item.Delta;
            _queued++;
            _unpublished++;
            schedule = item.Store && !_scheduled;
            _scheduled |= schedule;
        }

        if (item.Store)
        {
            if (!_committer.RowQueued(schedule ? this : null))
            {
                Abandon(new InvalidOperationException("The transcript committer is stopped."));
            }
        }
        else if (item.Done is not null)
        {
            // A flush does not wait for the commit window.
            _committer.Hurry();
        }

        return true;
    }

    private async ValueTask HandWhenRoomAsync(Item item, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task room;
            lock (_sync)
            {
                if (_queued < QueueCapacity)
                {
                    room = Task.CompletedTask;
                }
                else
                {
                    _room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    room = _room.Task;
                }
            }

            if (!room.IsCompleted)
            {
                // Someone waits: the committer should not sit out its window.
                _committer.Hurry();
                await room.WaitAsync(cancellationToken);
            }

            if (TryHand(item))
            {
                return;
            }
        }
    }

    /// <summary>
    /// The committer takes this tab's waiting items, up to <paramref name="maxRows"/> rows to store
    /// (and every live item and barrier up to the next row), into <see cref="BatchAppend"/>.
    /// Returns the rows taken and whether rows are left for the next transaction (the tab then stays scheduled).
    /// </summary>
    internal (int Rows, bool More) Take(int maxRows)
    {
        _batch.Clear();
        _skipped.Clear();
        var rows = 0;
        bool more;
        lock (_sync)
        {
            while (_pending.TryPeek(out var next) && (!next.Store || rows < maxRows))
            {
                _batch.Add(Dequeue());
                rows += next.Store ? 1 : 0;
            }

            more = _pending.Count > 0;
            _scheduled = more;
            ReleaseRoomLocked();
        }

        BatchAppend = rows == 0 ? null : Prepare();
        return (rows, more);
    }

    /// <summary>After the commit: the batch to the hub in arrival order, barriers released, and the live items queued behind it.</summary>
    internal void Published(IReadOnlyList<TranscriptEvent> stored)
    {
        for (var i = 0; i < _batch.Count; i++)
        {
            if (_batch[i] is { Store: true, Replaces: { } replaced } && !Skipped(i))
            {
                replaced.Sequence = null;
            }
        }

        var hub = _committer.Hub;
        var next = 0;
        lock (_sync)
        {
            for (var i = 0; i < _batch.Count; i++)
            {
                var item = _batch[i];
                if (item.Done is not null || !item.Store)
                {
                    Deliver(item);
                }
                else if (!Skipped(i))
                {
                    var row = stored[next++];
                    if (item.Becomes is { } becomes)
                    {
                        becomes.Sequence = row.Sequence;
                    }

                    hub.Publish(LiveEvent.From(row));
                }
            }

            FinishBatchLocked(null);
        }
    }

    /// <summary>Storing the batch failed: the tab is faulted (its pump stops the agent), its barriers fail, nothing of it is published.</summary>
    internal void Failed(Exception error)
    {
        Fault = error;
        var failure = new InvalidOperationException($"The transcript writer failed: {error.Message}", error);
        lock (_sync)
        {
            foreach (var item in _batch)
            {
                item.Done?.TrySetException(failure);
            }

            FinishBatchLocked(failure);
        }
    }

    /// <summary>The committer cannot take this tab's items any more: they are dropped and their barriers fail.</summary>
    private void Abandon(Exception error)
    {
        Fault ??= error;
        lock (_sync)
        {
            while (_pending.Count > 0)
            {
                Dequeue().Done?.TrySetException(error);
                _unpublished--;
            }

            _scheduled = false;
            ReleaseRoomLocked();
        }
    }

    private void FinishBatchLocked(Exception? failure)
    {
        _unpublished -= _batch.Count;
        _batch.Clear();
        BatchAppend = null;

        // Live items and barriers that waited only for this batch go now; the next row waits for the next transaction.
        while (_pending.TryPeek(out var next) && !next.Store)
        {
            Dequeue();
            _unpublished--;
            if (failure is not null && next.Done is not null)
            {
                next.Done.TrySetException(failure);
            }
            else
            {
                Deliver(next);
            }
        }

        ReleaseRoomLocked();
    }

    /// <summary>The oldest waiting item out of the queue (under _sync): a delta taken can no longer be joined.</summary>
    private Item Dequeue()
    {
        var item = _pending.Dequeue();
        _queued -= 1 + (item.Delta?.Joined ?? 0);
        if (_pending.Count == 0)
        {
            _lastDelta = null;
        }

        return item;
    }

    private void ReleaseRoomLocked()
    {
        if (_room is not null && _queued < QueueCapacity)
        {
            _room.TrySetResult();
            _room = null;
        }
    }

    /// <summary>A live-only item to the hub, or a barrier released.</summary>
    private void Deliver(Item item)
    {
        if (item.Done is not null)
        {
            item.Done.TrySetResult();
        }
        else
        {
            _committer.Hub.Publish(new LiveEvent(TabId, null, item.Kind!, item.Payload ?? item.Delta!.Serialize(), item.At));
        }
    }

    /// <summary>The batch's rows in order and the checkpoints they drop; a checkpoint a later item of the batch replaces is never written.</summary>
    private TranscriptAppend Prepare()
    {
        _rows.Clear();
        _dropped.Clear();
        _skipped.Clear();
        _replacedLater.Clear();
        CollectionsMarshal.SetCount(_skipped, _batch.Count);
        for (var i = _batch.Count - 1; i >= 0; i--)
        {
            var item = _batch[i];
            _skipped[i] = item.Becomes is { } row && _replacedLater.Contains(row);

            if (item.Replaces is { } replaced)
            {
                _replacedLater.Add(replaced);
            }
        }

        for (var i = 0; i < _batch.Count; i++)
        {
            var item = _batch[i];
            if (item.Store && !_skipped[i])
            {
                _rows.Add(new TranscriptEvent { TabId = TabId, Kind = item.Kind!, PayloadJson = item.Payload!, Text = item.Text, CreatedAt = item.At });
                if (item.Replaces?.Sequence is { } replaced)
                {
                    _dropped.Add(replaced);
                }
            }
        }

        return new TranscriptAppend(TabId, _rows, _dropped);
    }

    private Item Stored(string kind, string payload, string? text) => new(true, kind, payload, text, _time.GetUtcNow(), null);

    private Item Live(string kind, string payload) => new(false, kind, payload, null, _time.GetUtcNow(), null);

    private Item Barrier(TaskCompletionSource done) => new(false, null, null, null, _time.GetUtcNow(), done);

    /// <summary>Whether the batch's item <paramref name="index"/> was not written (a later item of the batch replaces it); set by <see cref="Prepare"/>.</summary>
    private bool Skipped(int index) => index < _skipped.Count && _skipped[index];

    /// <summary>One item in the tab's queue: a struct, so a delta queued behind a row costs no object of its own.</summary>
    private readonly record struct Item(bool Store, string? Kind, string? Payload, string? Text, DateTimeOffset At, TaskCompletionSource? Done)
    {
        /// <summary>The stored checkpoint this item drops (a newer checkpoint of the block, or its final event).</summary>
        public PartialRow? Replaces { get; init; }

        /// <summary>The checkpoint slot this item fills once stored.</summary>
        public PartialRow? Becomes { get; init; }

        /// <summary>A delta (with the ones of its block joined to it), serialized when published.</summary>
        public QueuedDelta? Delta { get; init; }
    }

    /// <summary>A delta waiting behind a row, and the text of the same block's deltas that came right after it.</summary>
    private sealed class QueuedDelta(DeltaEvent first)
    {
        private StringBuilder? _text;

        /// <summary>How many deltas joined the first one.</summary>
        public int Joined { get; private set; }

        /// <summary>Joins <paramref name="next"/> when it continues the same block (same message, index, kind, parent, origin).</summary>
        public bool TryJoin(DeltaEvent next)
        {
            if (next.Index != first.Index || next.DeltaKind != first.DeltaKind || next.Recovered != first.Recovered ||
                !string.Equals(next.MessageId, first.MessageId, StringComparison.Ordinal) ||
                !string.Equals(next.ParentToolUseId, first.ParentToolUseId, StringComparison.Ordinal))
            {
                return false;
            }

            (_text ??= new StringBuilder(first.Delta, Math.Max(256, first.Delta.Length * 8))).Append(next.Delta);
            Joined++;
            return true;
        }

        public string Serialize() => AgentEventJson.Serialize(_text is null ? first : first with { Delta = _text.ToString() });
    }

    /// <summary>Where a block's current checkpoint is stored; only the committer's loop reads or sets it.</summary>
    private sealed class PartialRow
    {
        public long? Sequence { get; set; }
    }
}
