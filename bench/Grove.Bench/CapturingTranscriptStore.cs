using Grove.Core.Domain;
using Grove.Data.Stores;

namespace Grove.Bench;

/// <summary>
/// A transcript store that keeps rows in memory: the recording path with SQLite taken out, to see
/// how much of the ingest time is the database. Also hands back the exact rows the recorder wrote.
/// </summary>
internal sealed class CapturingTranscriptStore : ITranscriptStore
{
    private readonly List<TranscriptEvent> _rows = [];
    private long _last;

    public IReadOnlyList<TranscriptEvent> Rows => _rows;

    public Task<TranscriptEvent> AppendAsync(TranscriptEvent transcriptEvent, CancellationToken cancellationToken = default)
    {
        var stored = transcriptEvent with { Sequence = ++_last };
        _rows.Add(stored);
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

    public async Task<IReadOnlyList<TranscriptEvent>> AppendSupersedingAsync(
        string tabId, IReadOnlyList<TranscriptEvent> events, IReadOnlyCollection<long> supersededPartials, CancellationToken cancellationToken = default)
    {
        var stored = await AppendManyAsync(events, cancellationToken);
        _rows.RemoveAll(r => r.TabId == tabId && r.Kind == "partial" && supersededPartials.Contains(r.Sequence));
        return stored;
    }

    public Task<IReadOnlyList<TranscriptEvent>> ReadAsync(string tabId, long afterSequence = 0, int limit = 1000, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<TranscriptEvent>>([]);

    public Task<long> CountAsync(string tabId, CancellationToken cancellationToken = default) => Task.FromResult(_last);

    public Task<IReadOnlyList<TranscriptSearchHit>> SearchAsync(string query, int limit = 50, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<TranscriptSearchHit>>([]);
}
