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
                var rows = batch.Where(i => i.Store).Select(i => new TranscriptEvent
                {
                    TabId = _tabId,
                    Kind = i.Kind!,
                    PayloadJson = i.Payload!,
                    Text = i.Text,
                    CreatedAt = i.At,
                }).ToList();
                var stored = rows.Count == 0 ? [] : await _store.AppendManyAsync(rows, CancellationToken.None);
                var next = 0;
                foreach (var item in batch)
                {
                    if (item.Done is not null)
                    {
                        item.Done.TrySetResult();
                    }
                    else if (item.Store)
                    {
                        _hub.Publish(LiveEvent.From(stored[next++]));
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

    private Item Stored(string kind, string payload, string? text) => new(true, kind, payload, text, _time.GetUtcNow(), null);

    private Item Live(string kind, string payload) => new(false, kind, payload, null, _time.GetUtcNow(), null);

    private Item Barrier(TaskCompletionSource done) => new(false, null, null, null, _time.GetUtcNow(), done);

    private sealed record Item(bool Store, string? Kind, string? Payload, string? Text, DateTimeOffset At, TaskCompletionSource? Done);

    private sealed class Partial(string? messageId, int index, Core.Agents.DeltaKind deltaKind)
    {
        public string? MessageId { get; } = messageId;
        public int Index { get; } = index;
        public Core.Agents.DeltaKind DeltaKind { get; } = deltaKind;
        public StringBuilder Text { get; } = new();
        public bool Dirty { get; set; }

        public void Append(string delta)
        {
            Text.Append(delta);
            Dirty = true;
        }
    }
}
