using System.Text;
using Grove.Core.Domain;

namespace Grove.Services.Agents;

internal sealed partial class TranscriptRecorder
{
    /// <summary>Takes whatever has piled up, stores it in one transaction, then publishes it in order.</summary>
    private async Task WriteLoopAsync()
    {
        var batch = new List<Item>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                // A checkpoint that a later item of the same batch replaces is never written at all.
                var skipped = SupersededInBatch(batch);
                var toStore = batch.Where(i => i.Store && !skipped.Contains(i)).ToList();
                var dropped = toStore.Where(i => i.Replaces?.Sequence is not null).Select(i => i.Replaces!.Sequence!.Value).ToList();
                var rows = toStore.Select(i => new TranscriptEvent
                {
                    TabId = _tabId,
                    Kind = i.Kind!,
                    PayloadJson = i.Payload!,
                    Text = i.Text,
                    CreatedAt = i.At,
                }).ToList();
                var stored = rows.Count == 0 ? [] : await _store.AppendSupersedingAsync(_tabId, rows, dropped, CancellationToken.None);
                foreach (var item in toStore)
                {
                    if (item.Replaces is { } replaced)
                    {
                        replaced.Sequence = null;
                    }
                }

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

    /// <summary>Checkpoints whose row a later item of the same batch would drop.</summary>
    private static HashSet<Item> SupersededInBatch(List<Item> batch)
    {
        var skipped = new HashSet<Item>(ReferenceEqualityComparer.Instance);
        var replacedLater = new HashSet<PartialRow>(ReferenceEqualityComparer.Instance);
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

        return skipped;
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
