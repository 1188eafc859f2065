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
/// <see cref="TabEventHub"/> subscriber consuming everything published. Then a breakdown of (b).
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
        var recordInMemory = new List<double>();
        var recordAlone = new List<double>();
        var appendEach = new List<double>();
        var appendNoFts = new List<double>();
        var appendBatchedNoFts = new List<double>();
        var appendBatched = new List<double>();
        RecordRun? last = null;
        IReadOnlyList<TranscriptEvent> rows = [];
        for (var run = 0; run <= options.Runs; run++)
        {
            var p = await ParseOnlyAsync(recording);
            var r = await ParseAndRecordAsync(recording, inMemory: false);
            var m = await ParseAndRecordAsync(recording, inMemory: true);
            var alone = await ParseAndRecordAsync(recording, inMemory: true, subscribe: false);
            rows = m.Rows;
            var each = await AppendRowsAsync(rows, batch: 1);
            var noFts = await AppendRowsAsync(rows, batch: 1, withoutFts: true);
            var batched = await AppendRowsAsync(rows, batch: 64);
            var batchedNoFts = await AppendRowsAsync(rows, batch: 64, withoutFts: true);
            if (run == 0)
            {
                continue; // warm-up
            }

            parse.Add(p);
            record.Add(r.Seconds);
            recordInMemory.Add(m.Seconds);
            recordAlone.Add(alone.Seconds);
            appendEach.Add(each);
            appendNoFts.Add(noFts);
            appendBatchedNoFts.Add(batchedNoFts);
            appendBatched.Add(batched);
            last = r;
        }

        var parseS = BenchStats.Median(parse);
        var recordS = BenchStats.Median(record);
        var memoryS = BenchStats.Median(recordInMemory);
        var aloneS = BenchStats.Median(recordAlone);
        var eachS = BenchStats.Median(appendEach);
        var noFtsS = BenchStats.Median(appendNoFts);
        var batchedNoFtsS = BenchStats.Median(appendBatchedNoFts);
        var batchedS = BenchStats.Median(appendBatched);
        var checkpoints = rows.Count(e => e.Kind == PartialCheckpoint.Kind);
        Console.WriteLine($"(a) parse only                     : {parseS * 1000,8:0} ms  {recording.Events / parseS,10:N0} events/s");
        Console.WriteLine($"(b) parse + record + subscriber    : {recordS * 1000,8:0} ms  {recording.Events / recordS,10:N0} events/s   " +
            $"({last!.Stored:N0} rows stored, subscriber saw {last.Seen:N0} events)");
        Console.WriteLine($"ratio (b)/(a) in time              : {recordS / parseS,8:0.00}  (target <= 1.3)");
        Console.WriteLine("where (b) goes:");
        Console.WriteLine($"  (b) with an in-memory store      : {memoryS * 1000,8:0} ms  ratio to (a) {memoryS / parseS:0.00}  (recorder + hub + subscriber, no SQLite)");
        Console.WriteLine($"  ... and no subscriber             : {aloneS * 1000,8:0} ms  ratio to (a) {aloneS / parseS:0.00}  (recorder alone: event JSON, hub publish, partials)");
        Console.WriteLine($"  rows: {rows.Count:N0} ({string.Join(", ", rows.GroupBy(e => e.Kind).OrderByDescending(g => g.Count()).Select(g => $"{g.Count():N0} {g.Key}"))}); " +
            $"average {rows.Average(e => e.PayloadJson.Length):N0} chars of payload and {rows.Average(e => e.Text?.Length ?? 0):N0} of indexed text");
        Console.WriteLine($"  SQLite: {rows.Count:N0} rows ({checkpoints:N0} partial checkpoints), one transaction each (AppendAsync): " +
            $"{eachS * 1000:0} ms = {eachS * 1e6 / rows.Count:0.0} µs/row");
        Console.WriteLine($"  SQLite: same rows, one transaction each, FTS insert trigger dropped : " +
            $"{noFtsS * 1000:0} ms = {noFtsS * 1e6 / rows.Count:0.0} µs/row  (FTS share of per-row cost {1 - (noFtsS / eachS):P0})");
        Console.WriteLine($"  SQLite: same rows, 64 per transaction (AppendManyAsync)          : " +
            $"{batchedS * 1000:0} ms = {batchedS * 1e6 / rows.Count:0.0} µs/row  ({eachS / batchedS:0.0}x less)");
        Console.WriteLine($"  SQLite: 64 per transaction, FTS insert trigger dropped              : " +
            $"{batchedNoFtsS * 1000:0} ms = {batchedNoFtsS * 1e6 / rows.Count:0.0} µs/row");
    }

    private static FileStream Open(StreamJsonRecording.Info recording) =>
        new(recording.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>(a) What ClaudeSession does per stdout line: bounded line reads, then the parser. Events are discarded.</summary>
    private static async Task<double> ParseOnlyAsync(StreamJsonRecording.Info recording)
    {
        var clock = Stopwatch.StartNew();
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

        var seconds = clock.Elapsed.TotalSeconds;
        Check(events == recording.Events && errors == 0, $"the parser produced {events} events ({errors} errors), expected {recording.Events} and none");
        return seconds;
    }

    private sealed record RecordRun(double Seconds, long Stored, int Seen, IReadOnlyList<TranscriptEvent> Rows);

    /// <summary>(b) Parse, then record each event in order as TabRunner's pump does; timed until the subscriber has seen the end.</summary>
    private static async Task<RecordRun> ParseAndRecordAsync(StreamJsonRecording.Info recording, bool inMemory, bool subscribe = true)
    {
        await using var database = await BenchDatabase.CreateAsync();
        var tabId = await database.AddTabAsync("ingest");
        var memory = new CapturingTranscriptStore();
        ITranscriptStore store = inMemory ? memory : database.Stores.Transcripts;
        var hub = new TabEventHub(store);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var subscriber = subscribe ? Task.Run(() => ConsumeAsync(hub, tabId, timeout.Token)) : Task.FromResult(int.MaxValue);
        while (subscribe && hub.SubscriberCount(tabId) == 0)
        {
            await Task.Delay(1);
        }

        var clock = Stopwatch.StartNew();
        await using (var recorder = new TranscriptRecorder(tabId, store, hub, TimeProvider.System, CheckpointInterval))
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

        hub.Publish(new LiveEvent(tabId, null, EndKind, "{}", DateTimeOffset.UtcNow));
        var seen = await subscriber;
        var seconds = clock.Elapsed.TotalSeconds;
        var stored = await store.CountAsync(tabId, timeout.Token);
        Check(seen >= recording.Events, $"the subscriber saw {seen} events, fewer than the {recording.Events} parsed");
        return new RecordRun(seconds, stored, seen, memory.Rows);
    }

    private static async Task<int> ConsumeAsync(TabEventHub hub, string tabId, CancellationToken cancellationToken)
    {
        var seen = 0;
        await foreach (var live in hub.SubscribeAsync(tabId, 0, includeLiveOnly: true, cancellationToken))
        {
            if (live.Kind == EndKind)
            {
                break;
            }

            seen++;
        }

        return seen;
    }

    /// <summary>The database part alone: the rows (b) writes, one transaction per row or <paramref name="batch"/> per transaction.</summary>
    private static async Task<double> AppendRowsAsync(IReadOnlyList<TranscriptEvent> rows, int batch, bool withoutFts = false)
    {
        await using var database = await BenchDatabase.CreateAsync();
        var tabId = await database.AddTabAsync("append");
        if (withoutFts)
        {
            // Diagnostic only, on this throw-away file: how much of an append is keeping the search index.
            await using var connection = await database.Database.OpenConnectionAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TRIGGER transcript_events_fts_insert;";
            await drop.ExecuteNonQueryAsync();
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

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Ingest bench is not measuring what it should: {message}.");
        }
    }
}
