using System.Threading.Channels;
using Grove.Core.Domain;
using Grove.Data.Stores;

namespace Grove.Bench;

/// <summary>
/// A what-if for the ingest bench, not product code: appends return at once with the next sequence
/// (the recorder is the tab's only writer), and one background writer commits whatever has queued up
/// in one <c>AppendManyAsync</c> transaction (group commit), so parsing and SQLite overlap.
/// The product's <c>TranscriptRecorder</c> group-commits too, but publishes a batch only after its
/// commit; under it, this wrapper makes the recorder publish before the commit, which the product
/// must not do (a subscriber could see an event a crash then loses). It shows what that rule costs.
/// </summary>
internal sealed class GroupCommitTranscriptStore : ITranscriptStore
{
    private const int MaxBatch = 256;

    private readonly ITranscriptStore _inner;
    private readonly Channel<TranscriptEvent> _queue = Channel.CreateUnbounded<TranscriptEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Task _writer;
    private long _next;

    public GroupCommitTranscriptStore(ITranscriptStore inner)
    {
        _inner = inner;
        _writer = Task.Run(WriteLoopAsync);
    }

    public int Transactions { get; private set; }

    public Task<TranscriptEvent> AppendAsync(TranscriptEvent transcriptEvent, CancellationToken cancellationToken = default)
    {
        var stored = transcriptEvent with
        {
            Sequence = ++_next,
            CreatedAt = transcriptEvent.CreatedAt == default ? DateTimeOffset.UtcNow : transcriptEvent.CreatedAt,
        };
        _queue.Writer.TryWrite(stored);
        return Task.FromResult(stored);
    }

    public async Task<IReadOnlyList<TranscriptEvent>> AppendManyAsync(IReadOnlyList<TranscriptEvent> events, CancellationToken cancellationToken = default)
    {
        var stored = new List<TranscriptEvent>(events.Count);
        foreach (var e in events)
        {
            stored.Add(await AppendAsync(e, cancellationToken));
        }

        return stored;
    }

    /// <summary>The what-if keeps superseded checkpoints (it only measures appends).</summary>
    public Task<IReadOnlyList<TranscriptEvent>> AppendSupersedingAsync(
        string tabId, IReadOnlyList<TranscriptEvent> events, IReadOnlyCollection<long> supersededPartials, CancellationToken cancellationToken = default) =>
        AppendManyAsync(events, cancellationToken);

    /// <summary>Commits what is still queued and stops the writer.</summary>
    public Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        return _writer;
    }

    public Task<IReadOnlyList<TranscriptEvent>> ReadAsync(string tabId, long afterSequence = 0, int limit = 1000, CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(tabId, afterSequence, limit, cancellationToken);

    public Task<long> CountAsync(string tabId, CancellationToken cancellationToken = default) => _inner.CountAsync(tabId, cancellationToken);

    public Task<IReadOnlyList<TranscriptSearchHit>> SearchAsync(string query, int limit = 50, CancellationToken cancellationToken = default) =>
        _inner.SearchAsync(query, limit, cancellationToken);

    private async Task WriteLoopAsync()
    {
        var batch = new List<TranscriptEvent>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var e))
            {
                batch.Add(e);
            }

            var stored = await _inner.AppendManyAsync(batch);
            if (stored[^1].Sequence != batch[^1].Sequence)
            {
                throw new InvalidOperationException($"Group commit stored sequence {stored[^1].Sequence}, expected {batch[^1].Sequence}.");
            }

            Transactions++;
            batch.Clear();
        }
    }
}
