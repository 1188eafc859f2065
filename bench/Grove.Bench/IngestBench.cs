using System.Diagnostics;
using Grove.Agents.ClaudeCode;
using Grove.Agents.Processes;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Data.Stores;
using Grove.Services.Agents;
using Grove.Testing;

namespace Grove.Bench;

/// <summary>
/// Ingesting a recorded stream-json stdout: (a) read lines + <see cref="StreamJsonParser"/> only, vs
/// (b) the same plus the real recording path — <see cref="TranscriptRecorder.RecordAsync"/> into a real
/// database (deltas published live and checkpointed, the rest appended) with one
/// <see cref="TabEventHub"/> subscriber consuming everything published. Then a breakdown of (b), and
/// what indexing for search costs where it now happens (off the append path: in batches, and before
/// a search) against keeping it on the append path as before migration 0012 (a bench-only trigger).
/// </summary>
internal static class IngestBench
{
    private const string EndKind = "bench_end";

    /// <summary>The product default (<c>AgentRunOptions.PartialCheckpointInterval</c>).</summary>
    private static readonly TimeSpan CheckpointInterval = new AgentRunOptions().PartialCheckpointInterval;

    public static async Task RunAsync(BenchOptions options)
    {
        using var temp = new TempDirectory("grove-bench-ingest");
        var recording = StreamJsonRecording.Write(temp.Combine("recording.jsonl"), options.Events);
        Console.WriteLine(
            $"\n## Ingest {recording.Events:N0} events ({recording.Lines:N0} stream-json lines, {recording.Bytes / 1_048_576.0:0.0} MB, " +
            $"{recording.Deltas:N0} deltas, {recording.Turns} turns): parse only vs parse + record + 1 live subscriber, {options.Runs} runs, median");

        var parse = new List<double>();
        var record = new List<double>();
        var parseCpu = new List<double>();
        var recordCpu = new List<double>();
        var recordInMemory = new List<double>();
        var recordAlone = new List<double>();
        var groupCommit = new List<double>();
        var groupCommitFts = new List<double>();
        var recordFts = new List<double>();
        var searchReady = new List<double>();
        RecordRun? lastGroup = null;
        var appendEach = new List<double>();
        var appendFts = new List<double>();
        var appendBatchedFts = new List<double>();
        var appendBatched = new List<double>();
        RecordRun? last = null;
        IReadOnlyList<TranscriptEvent> rows = [];
        if (Environment.GetEnvironmentVariable("GROVE_BENCH_INGEST") is "ratio")
        {
            await RatioOnlyAsync(recording, options.Runs);
            return;
        }

        if (Environment.GetEnvironmentVariable("GROVE_BENCH_INGEST") is "record")
        {
            // (b) alone, run after run: for a profiler attached to the process.
            for (var run = 0; run < options.Runs; run++)
            {
                Console.WriteLine($"(b) {(await ParseAndRecordAsync(recording, inMemory: false)).Cost.Describe()}");
            }

            return;
        }

        for (var run = 0; run <= options.Runs; run++)
        {
            var (p, pCpu) = await ParseOnlyTimedAsync(recording) is var parsed ? (parsed.Seconds, parsed.CpuSeconds) : default;
            var r = await ParseAndRecordAsync(recording, inMemory: false);
            var m = await ParseAndRecordAsync(recording, inMemory: true);
            var alone = await ParseAndRecordAsync(recording, inMemory: true, subscribe: false);
            var rFts = await ParseAndRecordAsync(recording, inMemory: false, ftsOnAppend: true);
            var group = await ParseAndRecordAsync(recording, inMemory: false, groupCommit: true);
            var groupFts = await ParseAndRecordAsync(recording, inMemory: false, groupCommit: true, ftsOnAppend: true);
            rows = m.Rows;
            var each = await AppendRowsAsync(rows, batch: 1);
            var eachFts = await AppendRowsAsync(rows, batch: 1, ftsOnAppend: true);
            var batched = await AppendRowsAsync(rows, batch: 64);
            var batchedFts = await AppendRowsAsync(rows, batch: 64, ftsOnAppend: true);
            if (run == 0)
            {
                continue; // warm-up
            }

            parse.Add(p);
            record.Add(r.Seconds);
            parseCpu.Add(pCpu);
            recordCpu.Add(r.CpuSeconds);
            recordFts.Add(rFts.Seconds);
            searchReady.Add(r.SearchReadySeconds);
            recordInMemory.Add(m.Seconds);
            recordAlone.Add(alone.Seconds);
            groupCommit.Add(group.Seconds);
            groupCommitFts.Add(groupFts.Seconds);
            lastGroup = group;
            appendEach.Add(each);
            appendFts.Add(eachFts);
            appendBatchedFts.Add(batchedFts);
            appendBatched.Add(batched);
            last = r;
        }

        var parseS = BenchStats.Median(parse);
        var recordS = BenchStats.Median(record);
        var memoryS = BenchStats.Median(recordInMemory);
        var aloneS = BenchStats.Median(recordAlone);
        var groupS = BenchStats.Median(groupCommit);
        var groupFtsS = BenchStats.Median(groupCommitFts);
        var recordFtsS = BenchStats.Median(recordFts);
        var searchReadyS = BenchStats.Median(searchReady);
        var eachS = BenchStats.Median(appendEach);
        var eachFtsS = BenchStats.Median(appendFts);
        var batchedFtsS = BenchStats.Median(appendBatchedFts);
        var batchedS = BenchStats.Median(appendBatched);
        var (deltaCount, serializeS, timerS) = await DeltaCostsAsync(recording);
        var checkpoints = rows.Count(e => e.Kind == PartialCheckpoint.Kind);
        Console.WriteLine($"(a) parse only                     : {parseS * 1000,8:0} ms  {recording.Events / parseS,10:N0} events/s");
        Console.WriteLine($"(b) parse + record + subscriber    : {recordS * 1000,8:0} ms  {recording.Events / recordS,10:N0} events/s   " +
            $"({last!.Stored:N0} rows stored, subscriber saw {last.Seen:N0} events)");
        Console.WriteLine($"ratio (b)/(a) in time              : {recordS / parseS,8:0.00}  (target <= 1.3)");
        Console.WriteLine($"ratio (b)/(a) in CPU time (all threads): {BenchStats.Median(recordCpu) / BenchStats.Median(parseCpu):0.00}");
        Console.WriteLine($"then a search (indexes what is pending first): {searchReadyS * 1000:0} ms for {last!.Stored:N0} rows  (the indexer's deferred work, when no batch ran yet)");
        Console.WriteLine($"before 0012 (bench-only trigger: index on every append): {recordFtsS * 1000:0} ms  ratio to (a) {recordFtsS / parseS:0.00}");
        Console.WriteLine($"what-if (bench-only, breaks 'subscribers see only stored events'): (b) publishing before the commit: {groupS * 1000:0} ms  {recording.Events / groupS:N0} events/s  " +
            $"ratio to (a) {groupS / parseS:0.00}  ({lastGroup!.Stored:N0} rows in {lastGroup.Transactions:N0} transactions)");
        Console.WriteLine($"what-if (bench-only): ... with indexing on the append path as before 0012: {groupFtsS * 1000:0} ms  " +
            $"{recording.Events / groupFtsS:N0} events/s  ratio to (a) {groupFtsS / parseS:0.00}");
        Console.WriteLine("where (b) goes:");
        Console.WriteLine($"  (b) with an in-memory store      : {memoryS * 1000,8:0} ms  ratio to (a) {memoryS / parseS:0.00}  (recorder + hub + subscriber, no SQLite)");
        Console.WriteLine($"  ... and no subscriber             : {aloneS * 1000,8:0} ms  ratio to (a) {aloneS / parseS:0.00}  (recorder alone: event JSON, hub publish, partials)");
        Console.WriteLine($"    of which, per delta: event JSON (AgentEventJson.Serialize) {serializeS * 1e9 / deltaCount:0} ns, " +
            $"re-arming the checkpoint timer (ITimer.Change) {timerS * 1e9 / deltaCount:0} ns; {deltaCount:N0} deltas = {(serializeS + timerS) * 1000:0} ms");
        Console.WriteLine($"  rows: {rows.Count:N0} ({string.Join(", ", rows.GroupBy(e => e.Kind).OrderByDescending(g => g.Count()).Select(g => $"{g.Count():N0} {g.Key}"))}); " +
            $"average {rows.Average(e => e.PayloadJson.Length):N0} chars of payload and {rows.Average(e => e.Text?.Length ?? 0):N0} of indexed text");
        Console.WriteLine($"  SQLite: {rows.Count:N0} rows ({checkpoints:N0} partial checkpoints), one transaction each (AppendAsync): " +
            $"{eachS * 1000:0} ms = {eachS * 1e6 / rows.Count:0.0} µs/row");
        Console.WriteLine($"  SQLite: same rows, one transaction each, indexed on append (before 0012): " +
            $"{eachFtsS * 1000:0} ms = {eachFtsS * 1e6 / rows.Count:0.0} µs/row  (FTS share of that per-row cost {1 - (eachS / eachFtsS):P0})");
        Console.WriteLine($"  SQLite: same rows, 64 per transaction (AppendManyAsync)          : " +
            $"{batchedS * 1000:0} ms = {batchedS * 1e6 / rows.Count:0.0} µs/row  ({eachS / batchedS:0.0}x less)");
        Console.WriteLine($"  SQLite: 64 per transaction, indexed on append (before 0012)          : " +
            $"{batchedFtsS * 1000:0} ms = {batchedFtsS * 1e6 / rows.Count:0.0} µs/row");
    }

    /// <summary>
    /// <c>GROVE_BENCH_INGEST=ratio</c>: (a) and (b) only, alternating, for a quick before/after or a profiler.
    /// Steady by construction: warm-up pairs until (b) no longer JITs (tier-1 and OSR re-JITs of the
    /// recording path go on for several runs), a full blocking GC before every timed span (so no run
    /// collects what the one before it left), the search indexer's deferred work held out of the span
    /// and timed on its own as (c); the median and spread of the per-pair ratios, wall and CPU time.
    /// </summary>
    private static async Task RatioOnlyAsync(StreamJsonRecording.Info recording, int runs)
    {
        var settle = Environment.GetEnvironmentVariable("GROVE_BENCH_INGEST_SETTLE") is not "0";
        var minWarmups = int.TryParse(Environment.GetEnvironmentVariable("GROVE_BENCH_INGEST_WARMUP"), out var w) ? w : 3;
        const int MaxWarmups = 12, QuietJitMethods = 20;
        var loadBefore = LoadAverage();
        Console.WriteLine($"runtime: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, gen0 budget {AppContext.GetData("System.GC.Gen0MaxBudget") ?? "default"}, " +
            $"TieredPGO {AppContext.GetData("System.Runtime.TieredPGO") ?? "default"}, GC between runs {(settle ? "yes" : "no")}, load average {loadBefore}");
        var pairs = new List<(RunCost Parse, RecordRun Record)>();
        long transactions = 0, rows = 0;
        var warmups = 0;
        while (pairs.Count < runs)
        {
            if (settle)
            {
                RunProbe.Settle();
            }

            var p = await ParseOnlyTimedAsync(recording);
            if (settle)
            {
                RunProbe.Settle();
            }

            var (transactionsBefore, rowsBefore) = (TranscriptCommitStats.Transactions, TranscriptCommitStats.Rows);
            var r = await ParseAndRecordAsync(recording, inMemory: false);
            transactions = TranscriptCommitStats.Transactions - transactionsBefore;
            rows = TranscriptCommitStats.Rows - rowsBefore;
            var warm = pairs.Count == 0 && (warmups < minWarmups || (warmups < MaxWarmups && r.Cost.JitMethods >= QuietJitMethods));
            Console.WriteLine($"{(warm ? "warm-up" : "run"),-7} {(warm ? warmups : pairs.Count),2} (a) {p.Describe()}");
            Console.WriteLine($"           (b) {r.Cost.Describe()}  ratio {r.Seconds / p.Seconds:0.00} cpu {r.CpuSeconds / p.CpuSeconds:0.00}  {transactions} tx  subscriber saw {r.Seen:N0}");
            Console.WriteLine($"           (c) {r.Index.Describe()}  indexed in (b) {r.IndexedInSpan}");
            if (warm)
            {
                warmups++;
            }
            else
            {
                pairs.Add((p, r));
            }
        }

        var culture = System.Globalization.CultureInfo.InvariantCulture;
        string Spread(IEnumerable<double> values, string format = "0.00")
        {
            var list = values.ToList();
            return $"{BenchStats.Median(list).ToString(format, culture)} [IQR {BenchStats.Percentile(list, 0.25).ToString(format, culture)}-{BenchStats.Percentile(list, 0.75).ToString(format, culture)}, " +
                $"min-max {list.Min().ToString(format, culture)}-{list.Max().ToString(format, culture)}]";
        }

        var parseS = BenchStats.Median(pairs.Select(x => x.Parse.Seconds));
        var recordS = BenchStats.Median(pairs.Select(x => x.Record.Seconds));
        Console.WriteLine($"{warmups} warm-up pairs (until (b) JITs fewer than {QuietJitMethods} methods, at least {minWarmups}), {pairs.Count} timed pairs; " +
            $"load average {loadBefore} before, {LoadAverage()} after");
        Console.WriteLine($"(a) parse only                     : {parseS * 1000,8:0} ms  {recording.Events / parseS,10:N0} events/s   CPU {Spread(pairs.Select(x => x.Parse.CpuSeconds * 1000), "0")} ms");
        Console.WriteLine($"(b) parse + record + subscriber    : {recordS * 1000,8:0} ms  {recording.Events / recordS,10:N0} events/s   CPU {Spread(pairs.Select(x => x.Record.CpuSeconds * 1000), "0")} ms");
        Console.WriteLine($"(c) then indexing (b)'s rows for search (deferred): CPU {Spread(pairs.Select(x => x.Record.Index.CpuSeconds * 1000), "0")} ms");
        Console.WriteLine($"ratio (b)/(a) in time              : {Spread(pairs.Select(x => x.Record.Seconds / x.Parse.Seconds))}  (target <= 1.3; per pair)");
        Console.WriteLine($"ratio (b)/(a) in CPU time (all threads): {Spread(pairs.Select(x => x.Record.CpuSeconds / x.Parse.CpuSeconds))}");
        Console.WriteLine($"ratio ((b)+(c))/(a) in CPU time    : {Spread(pairs.Select(x => (x.Record.CpuSeconds + x.Record.Index.CpuSeconds) / x.Parse.CpuSeconds))}  (with the deferred search indexing)");
        Console.WriteLine($"(b) per event over (a), medians    : CPU {(BenchStats.Median(pairs.Select(x => x.Record.CpuSeconds)) - BenchStats.Median(pairs.Select(x => x.Parse.CpuSeconds))) * 1e9 / recording.Events:0} ns, " +
            $"allocated {(BenchStats.Median(pairs.Select(x => (double)x.Record.Cost.Allocated)) - BenchStats.Median(pairs.Select(x => (double)x.Parse.Allocated))) / recording.Events:0} B, " +
            $"GC pause {BenchStats.Median(pairs.Select(x => x.Record.Cost.PauseSeconds)) * 1000:0} ms vs {BenchStats.Median(pairs.Select(x => x.Parse.PauseSeconds)) * 1000:0} ms");
        Console.WriteLine($"(b) transactions (last run)        : {transactions:N0} for {rows:N0} rows ({(transactions == 0 ? 0 : (double)rows / transactions):0.0} rows each), " +
            $"commit window {RunOptions().TranscriptCommitWindow.TotalMilliseconds:0} ms");
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static FileStream Open(StreamJsonRecording.Info recording) =>
        new(recording.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>(a) What ClaudeSession does per stdout line: bounded line reads, then the parser. Events are discarded.</summary>
    private static async Task<double> ParseOnlyAsync(StreamJsonRecording.Info recording) => (await ParseOnlyTimedAsync(recording)).Seconds;

    private static async Task<RunCost> ParseOnlyTimedAsync(StreamJsonRecording.Info recording)
    {
        var start = RunProbe.Now();
        await using var file = Open(recording);
        var reader = new BoundedLineReader(file, StreamJsonParser.MaxLineBytes);
        var parser = new StreamJsonParser();
        int events = 0, errors = 0;
        while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
        {
            foreach (var agentEvent in parser.Parse(line.Bytes.Span).Events)
            {
                events++;
                errors += agentEvent is ErrorEvent ? 1 : 0;
            }
        }

        var cost = RunProbe.Now().Since(start);
        Check(events == recording.Events && errors == 0, $"the parser produced {events} events ({errors} errors), expected {recording.Events} and none");
        return cost;
    }

    private sealed record RecordRun(long Stored, int Seen, IReadOnlyList<TranscriptEvent> Rows, int Transactions, double SearchReadySeconds)
    {
        /// <summary>The timed span's cost to the whole process (every thread: pump, writer, subscriber, GC).</summary>
        public RunCost Cost { get; init; }

        /// <summary>Rows indexed for search when the span ended (0 unless the indexer's eager path ran: 4,096 rows waiting).</summary>
        public long IndexedInSpan { get; init; }

        /// <summary>Indexing for search what the span stored (the indexer's deferred work), right after it.</summary>
        public RunCost Index { get; init; }

        public double Seconds => Cost.Seconds;

        public double CpuSeconds => Cost.CpuSeconds;
    }

    /// <summary>(b) Parse, then record each event in order as TabRunner's pump does; timed until the subscriber has seen the end.</summary>
    private static async Task<RecordRun> ParseAndRecordAsync(StreamJsonRecording.Info recording, bool inMemory, bool subscribe = true, bool groupCommit = false, bool ftsOnAppend = false)
    {
        // The search indexer's background batches are held: they would land in one run's timed span
        // and not in the next (they start ~250 ms after the first append). What they would index is
        // indexed after the span instead, timed on its own (RecordRun.Index).
        await using var database = await BenchDatabase.CreateAsync(HeldTimers.Instance);
        var tabId = await database.AddTabAsync("ingest");
        if (ftsOnAppend)
        {
            await IndexOnAppendAsync(database);
        }

        var memory = new CapturingTranscriptStore();
        var group = groupCommit ? new GroupCommitTranscriptStore(database.Stores.Transcripts) : null;
        ITranscriptStore store = inMemory ? memory : group ?? database.Stores.Transcripts;
        var hub = new TabEventHub(store);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var subscriber = subscribe ? Task.Run(() => ConsumeAsync(hub, tabId, timeout.Token)) : Task.FromResult((Seen: int.MaxValue, Stored: -1L, Deltas: 1));
        while (subscribe && hub.SubscriberCount(tabId) == 0)
        {
            await Task.Delay(1);
        }

        var start = RunProbe.Now();
        await using var committer = new TranscriptCommitter(store, hub, RunOptions());
        await using (var recorder = new TranscriptRecorder(tabId, committer, TimeProvider.System, CheckpointInterval))
        {
            await using var file = Open(recording);
            var reader = new BoundedLineReader(file, StreamJsonParser.MaxLineBytes);
            var parser = new StreamJsonParser();
            while (await reader.ReadLineAsync(timeout.Token) is { } line)
            {
                foreach (var agentEvent in parser.Parse(line.Bytes.Span).Events)
                {
                    await recorder.RecordAsync(agentEvent, timeout.Token);
                }
            }

            await recorder.FlushAsync(timeout.Token);
        }

        if (group is not null)
        {
            await group.CompleteAsync();
        }

        hub.Publish(new LiveEvent(tabId, null, EndKind, "{}", DateTimeOffset.UtcNow));
        var (seen, seenStored, seenDeltas) = await subscriber;
        var cost = RunProbe.Now().Since(start);
        var indexedInSpan = inMemory ? 0 : await IndexedRowsAsync(database);
        var indexStart = RunProbe.Now();
        if (!inMemory)
        {
            await database.Database.SearchIndex.CatchUpAsync(timeout.Token);
        }

        var index = RunProbe.Now().Since(indexStart);
        var stored = await store.CountAsync(tabId, timeout.Token);
        // Deltas waiting behind a row reach it joined (one per run of a block's deltas): it sees every stored row and some deltas.
        Check(!subscribe || seenStored == stored, $"the subscriber saw stored events up to #{seenStored}, the store holds up to #{stored}");
        Check(seenDeltas > 0 && seenDeltas <= recording.Deltas, $"the subscriber saw {seenDeltas} deltas of the {recording.Deltas} parsed");
        var clock = Stopwatch.StartNew();
        var hits = inMemory ? [] : await database.Stores.Transcripts.SearchAsync("the", 1, timeout.Token);
        var searchReady = clock.Elapsed.TotalSeconds + index.Seconds;
        Check(inMemory || hits.Count == 1, "a search right after ingest found nothing");
        return new RecordRun(stored, seen, memory.Rows, group?.Transactions ?? (int)stored, searchReady) { Cost = cost, IndexedInSpan = indexedInSpan, Index = index };
    }

    /// <summary>The product's options; <c>GROVE_COMMIT_WINDOW_MS</c> sets the commit window, as for <c>grove serve</c>.</summary>
    private static AgentRunOptions RunOptions()
    {
        var options = new AgentRunOptions();
        if (int.TryParse(Environment.GetEnvironmentVariable("GROVE_COMMIT_WINDOW_MS"), System.Globalization.CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            options.TranscriptCommitWindow = TimeSpan.FromMilliseconds(ms);
        }

        return options;
    }

    /// <summary>Two per-delta costs of the recorder, timed alone over the recording's deltas (median of 3).</summary>
    private static async Task<(int Count, double SerializeSeconds, double TimerSeconds)> DeltaCostsAsync(StreamJsonRecording.Info recording)
    {
        var deltas = new List<DeltaEvent>();
        await using (var file = Open(recording))
        {
            var reader = new BoundedLineReader(file, StreamJsonParser.MaxLineBytes);
            var parser = new StreamJsonParser();
            while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
            {
                deltas.AddRange(parser.Parse(line.Bytes.Span).Events.OfType<DeltaEvent>());
            }
        }

        var serialize = new List<double>();
        var timer = new List<double>();
        using var checkpointTimer = TimeProvider.System.CreateTimer(_ => { }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var chars = 0L;
        for (var run = 0; run < 3; run++)
        {
            var clock = Stopwatch.StartNew();
            foreach (var delta in deltas)
            {
                chars += AgentEventJson.Serialize(delta).Length;
            }

            serialize.Add(clock.Elapsed.TotalSeconds);
            clock.Restart();
            foreach (var delta in deltas)
            {
                checkpointTimer.Change(CheckpointInterval, Timeout.InfiniteTimeSpan);
            }

            timer.Add(clock.Elapsed.TotalSeconds);
        }

        Check(chars > 0, "no delta was serialized");
        return (deltas.Count, BenchStats.Median(serialize), BenchStats.Median(timer));
    }

    /// <summary>Every event the subscriber sees; the last stored sequence among them; how many were deltas.</summary>
    private static async Task<(int Seen, long Stored, int Deltas)> ConsumeAsync(TabEventHub hub, string tabId, CancellationToken cancellationToken)
    {
        var (seen, stored, deltas) = (0, 0L, 0);
        await foreach (var live in hub.SubscribeAsync(tabId, 0, includeLiveOnly: true, cancellationToken))
        {
            if (live.Kind == EndKind)
            {
                break;
            }

            seen++;
            stored = live.Sequence ?? stored;
            deltas += live.Kind == AgentEventKinds.Delta ? 1 : 0;
        }

        return (seen, stored, deltas);
    }

    /// <summary>The database part alone: the rows (b) writes, one transaction per row or <paramref name="batch"/> per transaction.</summary>
    private static async Task<double> AppendRowsAsync(IReadOnlyList<TranscriptEvent> rows, int batch, bool ftsOnAppend = false)
    {
        await using var database = await BenchDatabase.CreateAsync();
        var tabId = await database.AddTabAsync("append");
        if (ftsOnAppend)
        {
            await IndexOnAppendAsync(database);
        }

        var retargeted = rows.Select(r => r with { TabId = tabId, Sequence = 0 }).ToList();
        var transcripts = database.Stores.Transcripts;
        var clock = Stopwatch.StartNew();
        if (batch == 1)
        {
            foreach (var row in retargeted)
            {
                await transcripts.AppendAsync(row);
            }
        }
        else
        {
            foreach (var chunk in retargeted.Chunk(batch))
            {
                await transcripts.AppendManyAsync(chunk);
            }
        }

        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<long> IndexedRowsAsync(BenchDatabase database)
    {
        await using var connection = await database.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM transcript_events WHERE text IS NOT NULL AND id <= (SELECT indexed_upto FROM transcript_fts_state WHERE id = 1);";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Diagnostic only, on a throw-away file: the search index written on every append, as before migration 0012.</summary>
    private static async Task IndexOnAppendAsync(BenchDatabase database)
    {
        await using var connection = await database.Database.OpenConnectionAsync();
        await using var create = connection.CreateCommand();
        create.CommandText =
            "CREATE TRIGGER bench_fts_on_append AFTER INSERT ON transcript_events WHEN new.text IS NOT NULL BEGIN " +
            "INSERT INTO transcript_fts (rowid, text) VALUES (new.id, new.text); " +
            "UPDATE transcript_fts_state SET indexed_upto = new.id WHERE id = 1; END;";
        await create.ExecuteNonQueryAsync();
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Ingest bench is not measuring what it should: {message}.");
        }
    }
}
