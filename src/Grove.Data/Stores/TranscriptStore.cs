using Grove.Core.Domain;
using Microsoft.Data.Sqlite;

namespace Grove.Data.Stores;

/// <summary>
/// The append-only transcript (rows are never changed; a streaming checkpoint is dropped when a
/// newer one or its final message is appended). Appends run on the writer connection with one prepared INSERT
/// whose parameters are bound once per transaction; a tab's next sequence number comes from the
/// (tab_id, seq) index once per transaction (a single index seek however long the transcript grows),
/// then counts up in that (IMMEDIATE) transaction. The FTS index is not written on append: <see cref="TranscriptIndexer"/>
/// indexes new rows in batches shortly after, and a search first indexes whatever is still pending,
/// so it always finds every committed row. Deletes take rows out of the index by trigger.
/// </summary>
internal sealed class TranscriptStore(GroveDatabase database) : ITranscriptStore
{
    private const string Columns = "tab_id, seq, kind, payload, text, created_at";

    internal const string LastSequenceSql =
        "SELECT seq FROM transcript_events WHERE tab_id = $tab_id ORDER BY seq DESC LIMIT 1";

    private const string NextSequenceSql = $"SELECT COALESCE(({LastSequenceSql}), 0) + 1;";

    private const string AppendSql =
        "INSERT INTO transcript_events (tab_id, seq, kind, payload, text, created_at) VALUES ($tab_id, $seq, $kind, $payload, $text, $created_at);";

    private const string DropPartialSql = "DELETE FROM transcript_events WHERE tab_id = $tab_id AND seq = $seq AND kind = 'partial';";

    public async Task<TranscriptEvent> AppendAsync(TranscriptEvent transcriptEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transcriptEvent);
        var stored = Stamp(transcriptEvent, database.TimeProvider.GetUtcNow());
        var appended = await database.WriteAsync(w => new Appender(w).Append(stored), c => Describe(c, stored), cancellationToken);
        database.SearchIndex.Appended(appended.Text is null ? 0 : 1);
        return appended;
    }

    public Task<IReadOnlyList<TranscriptEvent>> AppendManyAsync(IReadOnlyList<TranscriptEvent> events, CancellationToken cancellationToken = default) =>
        AppendSupersedingAsync(tabId: string.Empty, events, supersededPartials: [], cancellationToken);

    public async Task<IReadOnlyList<TranscriptEvent>> AppendSupersedingAsync(
        string tabId, IReadOnlyList<TranscriptEvent> events, IReadOnlyCollection<long> supersededPartials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(supersededPartials);
        if (events.Count == 0 && supersededPartials.Count == 0)
        {
            return [];
        }

        return (await AppendTabsAsync([new TranscriptAppend(tabId, events, supersededPartials)], cancellationToken))[0];
    }

    /// <summary>Every tab's rows and dropped checkpoints in one transaction: the shared committer's one write per window.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<TranscriptEvent>>> AppendTabsAsync(IReadOnlyList<TranscriptAppend> appends, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appends);
        var now = database.TimeProvider.GetUtcNow();
        var indexed = 0;
        foreach (var append in appends)
        {
            foreach (var e in append.Events)
            {
                indexed += e.Text is null ? 0 : 1;
            }
        }

        TranscriptEvent? current = null;
        var appended = await database.WriteAsync<IReadOnlyList<IReadOnlyList<TranscriptEvent>>>(
            w =>
            {
                var all = new IReadOnlyList<TranscriptEvent>[appends.Count];
                var appender = new Appender(w);
                for (var a = 0; a < appends.Count; a++)
                {
                    var append = appends[a];

                    // Append first: the new rows take sequences after the dropped ones, so no number is reused.
                    var stored = new TranscriptEvent[append.Events.Count];
                    for (var i = 0; i < stored.Length; i++)
                    {
                        current = Stamp(append.Events[i], now);
                        stored[i] = appender.Append(current);
                    }

                    foreach (var sequence in append.SupersededPartials)
                    {
                        w.Execute(DropPartialSql, ("$tab_id", append.TabId), ("$seq", sequence));
                    }

                    all[a] = stored;
                }

                return all;
            },
            c => current is null ? null : Describe(c, current),
            cancellationToken);
        database.SearchIndex.Appended(indexed);
        return appended;
    }

    public Task<IReadOnlyList<TranscriptEvent>> ReadAsync(string tabId, long afterSequence = 0, int limit = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return database.ReadAsync(
            (connection, ct) => connection.QueryAsync(
                $"SELECT {Columns} FROM transcript_events WHERE tab_id = $tab_id AND seq > $after ORDER BY seq LIMIT $limit;",
                Map,
                ct,
                ("$tab_id", tabId),
                ("$after", afterSequence),
                ("$limit", limit)),
            cancellationToken);
    }

    /// <summary>The last sequence: one index seek (dropped partial checkpoints leave gaps, so it may exceed the row count).</summary>
    public Task<long> CountAsync(string tabId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async (connection, ct) =>
            {
                await using var command = connection.Command($"{LastSequenceSql};", ("$tab_id", tabId));
                return await command.ExecuteScalarAsync(ct) is long last ? last : 0L;
            },
            cancellationToken);

    public async Task<IReadOnlyList<TranscriptSearchHit>> SearchAsync(string query, int limit = 50, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var match = FtsQuery.Build(query);
        if (match is null)
        {
            return [];
        }

        await database.SearchIndex.CatchUpAsync(cancellationToken);

        var snippet =
            $"snippet(transcript_fts, 0, '{TranscriptSnippet.HighlightStart}', '{TranscriptSnippet.HighlightEnd}', '{TranscriptSnippet.Ellipsis}', {TranscriptSnippet.MaxTokens})";
        return await database.ReadAsync(
            (connection, ct) => connection.QueryAsync(
                $"SELECT e.tab_id, e.seq, e.kind, {snippet} FROM transcript_fts JOIN transcript_events e ON e.id = transcript_fts.rowid " +
                "WHERE transcript_fts MATCH $match ORDER BY transcript_fts.rank, e.id LIMIT $limit;",
                r => new TranscriptSearchHit(r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetString(3)),
                ct,
                ("$match", match),
                ("$limit", limit)),
            cancellationToken);
    }

    /// <summary>
    /// One transaction's appends: the INSERT as a raw prepared statement (reused by the writer
    /// connection), each row's values bound straight from their strings (no command, data reader,
    /// boxed value or UTF-8 copy per row; SQLite stores the text as UTF-8, as before), and the last
    /// tab's next sequence number, read from the index when the tab changes.
    /// </summary>
    private sealed class Appender(WriteContext w)
    {
        private string? _tab;
        private long _next;

        public TranscriptEvent Append(TranscriptEvent e)
        {
            if (!string.Equals(e.TabId, _tab, StringComparison.Ordinal))
            {
                _next = w.Scalar<long>(NextSequenceSql, ("$tab_id", e.TabId));
                _tab = e.TabId;
            }

            var sequence = _next;
            Span<char> createdAt = stackalloc char[Sql.TimestampLength];
            Sql.FormatTimestamp(e.CreatedAt, createdAt);

            // Parameters in AppendSql's order.
            var insert = w.Statement(AppendSql);
            w.Bind(insert, 1, e.TabId);
            w.Bind(insert, 2, sequence);
            w.Bind(insert, 3, e.Kind);
            w.Bind(insert, 4, e.PayloadJson);
            if (e.Text is { } text)
            {
                w.Bind(insert, 5, text);
            }
            else
            {
                w.BindNull(insert, 5);
            }

            w.Bind(insert, 6, createdAt);
            w.Step(insert);
            _next = sequence + 1;
            return e with { Sequence = sequence };
        }
    }

    private static TranscriptEvent Stamp(TranscriptEvent e, DateTimeOffset now) =>
        e.CreatedAt == default ? e with { CreatedAt = now } : e;

    private static string? Describe(SqliteConstraint constraint, TranscriptEvent e) =>
        constraint.Kind == SqliteConstraintKind.ForeignKey ? $"Agent tab '{e.TabId}' does not exist." : null;

    private static TranscriptEvent Map(SqliteDataReader r) => new()
    {
        TabId = r.GetString(0),
        Sequence = r.GetInt64(1),
        Kind = r.GetString(2),
        PayloadJson = r.GetString(3),
        Text = r.GetNullableString(4),
        CreatedAt = r.GetTimestamp(5),
    };
}
