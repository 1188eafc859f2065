using System.Text;
using Grove.Core.Domain;

namespace Grove.Services.Agents;

internal sealed partial class TranscriptRecorder
{
    /// <summary>Takes whatever has piled up, stores it in one transaction, then publishes it in order.</summary>
    /// <remarks>
    /// Runs for every burst (often a single delta), so it allocates nothing per batch beyond the rows
    /// it stores: its lists and sets are reused, and a batch of live-only items skips the store.
    /// </remarks>
    private async Task WriteLoopAsync()
    {
        var batch = new List<Item>(MaxBatch);
        var toStore = new List<Item>(MaxBatch);
        var dropped = new List<long>();
        var skipped = new HashSet<Item>(ReferenceEqualityComparer.Instance);
        var replacedLater = new HashSet<PartialRow>(ReferenceEqualityComparer.Instance);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            toStore.Clear();
            dropped.Clear();
            skipped.Clear();
            var checkpoints = false;
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
                checkpoints |= item.Becomes is not null;
            }

            try
            {
                // A checkpoint that a later item of the same batch replaces is never written at all.
                if (checkpoints)
                {
                    FindSupersededInBatch(batch, skipped, replacedLater);
                }

                foreach (var item in batch)
                {
                    if (item.Store && !skipped.Contains(item))
                    {
                        toStore.Add(item);
                        if (item.Replaces?.Sequence is { } replaced)
                        {
                            dropped.Add(replaced);
                        }
                    }
                }

                var stored = toStore.Count == 0 ? [] : await StoreAsync(toStore, dropped);
                PublishInOrder(batch, skipped, stored);
            }
            catch (Exception ex) when (ex is Core.Errors.GroveException or IOException or InvalidOperationException)
            {
                Fault = ex;
                foreach (var item in batch)
                {
                    item.Done?.TrySetException(ex);
                }
            }
        }
    }

    /// <summary>One transaction: the rows in order, and the checkpoints they replace dropped.</summary>
    private async Task<IReadOnlyList<TranscriptEvent>> StoreAsync(List<Item> toStore, List<long> dropped)
    {
        var rows = new TranscriptEvent[toStore.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var item = toStore[i];
            rows[i] = new TranscriptEvent { TabId = _tabId, Kind = item.Kind!, PayloadJson = item.Payload!, Text = item.Text, CreatedAt = item.At };
        }

        var stored = await _store.AppendSupersedingAsync(_tabId, rows, dropped, CancellationToken.None);
        foreach (var item in toStore)
        {
            if (item.Replaces is { } replaced)
            {
                replaced.Sequence = null;
            }
        }

        return stored;
    }

    /// <summary>After the commit: every item of the batch, stored or live-only, to the hub in arrival order; barriers released.</summary>
    private void PublishInOrder(List<Item> batch, HashSet<Item> skipped, IReadOnlyList<TranscriptEvent> stored)
    {
        var next = 0;
        foreach (var item in batch)
        {
            if (item.Done is not null)
            {
                item.Done.TrySetResult();
            }
            else if (skipped.Contains(item))
            {
                continue;
            }
            else if (item.Store)
            {
                var row = stored[next++];
                if (item.Becomes is { } becomes)
                {
                    becomes.Sequence = row.Sequence;
                }

                _hub.Publish(LiveEvent.From(row));
            }
            else
            {
                _hub.Publish(new LiveEvent(_tabId, null, item.Kind!, item.Payload!, item.At));
            }
        }
    }

    /// <summary>Checkpoints whose row a later item of the same batch would drop (into <paramref name="skipped"/>).</summary>
    private static void FindSupersededInBatch(List<Item> batch, HashSet<Item> skipped, HashSet<PartialRow> replacedLater)
    {
        replacedLater.Clear();
        for (var i = batch.Count - 1; i >= 0; i--)
        {
            var item = batch[i];
            if (item.Becomes is { } row && replacedLater.Contains(row))
            {
                skipped.Add(item);
            }

            if (item.Replaces is { } replaced)
            {
                replacedLater.Add(replaced);
            }
        }
    }

    private Item Stored(string kind, string payload, string? text) => new(true, kind, payload, text, _time.GetUtcNow(), null);

    private Item Live(string kind, string payload) => new(false, kind, payload, null, _time.GetUtcNow(), null);

    private Item Barrier(TaskCompletionSource done) => new(false, null, null, null, _time.GetUtcNow(), done);

    private sealed record Item(bool Store, string? Kind, string? Payload, string? Text, DateTimeOffset At, TaskCompletionSource? Done)
    {
        /// <summary>The stored checkpoint this item drops (a newer checkpoint of the block, or its final event).</summary>
        public PartialRow? Replaces { get; init; }

        /// <summary>The checkpoint slot this item fills once stored.</summary>
        public PartialRow? Becomes { get; init; }
    }

    /// <summary>Where a block's current checkpoint is stored; only the writer loop reads or sets it.</summary>
    private sealed class PartialRow
    {
        public long? Sequence { get; set; }
    }

    private sealed class Partial(string? messageId, int index, Core.Agents.DeltaKind deltaKind)
    {
        public string? MessageId { get; } = messageId;
        public int Index { get; } = index;
        public Core.Agents.DeltaKind DeltaKind { get; } = deltaKind;
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
