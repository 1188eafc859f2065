namespace Grove.Data.Stores;

/// <summary>
/// Keeps the transcript's search index (<c>transcript_fts</c>) up to date off the append path: rows
/// above the high-water mark (<c>transcript_fts_state.indexed_upto</c>) are indexed in batches, one
/// transaction each, about <see cref="Delay"/> after the appends that woke it (at once when many are
/// waiting). Nothing is lost when the process dies first: <see cref="CatchUpAsync"/> runs at start-up
/// and before every search, and is one small read when nothing is pending. One per database.
/// </summary>
internal sealed class TranscriptIndexer : IDisposable
{
    /// <summary>How long appends may wait for the index: a batch collects this much.</summary>
    public static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(250);

    /// <summary>Rows waiting that start a batch without waiting for <see cref="Delay"/>.</summary>
    public const int EagerRows = 4_096;

    /// <summary>Rows per transaction, so an append never waits long behind the indexer.</summary>
    public const int MaxBatchRows = 2_048;

    private const string PendingSql =
        "SELECT (SELECT COALESCE(MAX(id), 0) FROM transcript_events) > (SELECT indexed_upto FROM transcript_fts_state WHERE id = 1);";

    private const string MarkSql = "SELECT indexed_upto FROM transcript_fts_state WHERE id = 1;";

    private const string BatchEndSql =
        "SELECT COALESCE((SELECT id FROM transcript_events WHERE id > $mark ORDER BY id LIMIT 1 OFFSET $skip), " +
        "(SELECT COALESCE(MAX(id), 0) FROM transcript_events));";

    private const string IndexSql =
        "INSERT INTO transcript_fts (rowid, text) SELECT id, text FROM transcript_events WHERE id > $mark AND id <= $upto AND text IS NOT NULL;";

    private const string MoveMarkSql = "UPDATE transcript_fts_state SET indexed_upto = $upto WHERE id = 1;";

    private readonly GroveDatabase _database;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private int _waiting;
    private bool _armed;
    private bool _running;
    private bool _disposed;

    public TranscriptIndexer(GroveDatabase database)
    {
        _database = database;
        _timer = database.TimeProvider.CreateTimer(_ => LastRun = RunAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The latest background run (tests wait on it instead of sleeping).</summary>
    public Task LastRun { get; private set; } = Task.CompletedTask;

    /// <summary>Tells the indexer that <paramref name="rows"/> rows with text were just committed.</summary>
    public void Appended(int rows)
    {
        bool now;
        lock (_gate)
        {
            if (_disposed || rows <= 0)
            {
                return;
            }

            _waiting += rows;
            now = _waiting >= EagerRows && !_running;
            if (!now && !_armed && !_running)
            {
                _armed = true;
                _timer.Change(Delay, Timeout.InfiniteTimeSpan);
            }
        }

        if (now)
        {
            LastRun = Task.Run(RunAsync);
        }
    }

    /// <summary>Indexes every row above the mark (in batches), so a search that follows sees all committed text.</summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        if (!await IsPendingAsync(cancellationToken))
        {
            return;
        }

        while (await _database.WriteAsync(IndexBatch, null, cancellationToken))
        {
        }
    }

    /// <summary>
    /// <see cref="CatchUpAsync"/> once the schema has the mark (a test may stop migrating before it):
    /// what a crashed run committed but did not index becomes searchable before anything else runs.
    /// </summary>
    public async Task CatchUpAtStartAsync(CancellationToken cancellationToken)
    {
        var hasMark = await _database.ReadAsync(
            async (connection, ct) =>
            {
                await using var command = connection.Command("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'transcript_fts_state';");
                return await command.ExecuteScalarAsync(ct) is long count && count > 0;
            },
            cancellationToken);
        if (hasMark)
        {
            await CatchUpAsync(cancellationToken);
        }
    }

    /// <summary>Nothing more is indexed from the background (pending rows wait for the next start or search).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        _timer.Dispose();
    }

    private Task<bool> IsPendingAsync(CancellationToken cancellationToken) =>
        _database.ReadAsync(
            async (connection, ct) =>
            {
                await using var command = connection.Command(PendingSql);
                return await command.ExecuteScalarAsync(ct) is long pending && pending != 0;
            },
            cancellationToken);

    /// <summary>One batch in the writer's transaction; true while rows above the mark remain.</summary>
    private static bool IndexBatch(WriteContext w)
    {
        var mark = w.Scalar<long>(MarkSql);
        var upto = w.Scalar<long>(BatchEndSql, ("$mark", mark), ("$skip", MaxBatchRows - 1));
        if (upto <= mark)
        {
            return false;
        }

        w.Execute(IndexSql, ("$mark", mark), ("$upto", upto));
        w.Execute(MoveMarkSql, ("$upto", upto));
        return w.Scalar<long>("SELECT COALESCE(MAX(id), 0) FROM transcript_events;") > upto;
    }

    private async Task RunAsync()
    {
        lock (_gate)
        {
            if (_disposed || _running)
            {
                return;
            }

            _running = true;
            _armed = false;
            _waiting = 0;
        }

        try
        {
            await CatchUpAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is Core.Errors.GroveException or ObjectDisposedException or InvalidOperationException)
        {
            // The database closed or failed: the rows stay above the mark, and the next start or
            // search indexes them (and reports a failing database to the user).
        }
        finally
        {
            lock (_gate)
            {
                _running = false;
                if (_waiting > 0 && !_disposed && !_armed)
                {
                    _armed = true;
                    _timer.Change(_waiting >= EagerRows ? TimeSpan.Zero : Delay, Timeout.InfiniteTimeSpan);
                }
            }
        }
    }
}
