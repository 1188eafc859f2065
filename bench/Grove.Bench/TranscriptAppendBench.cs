using System.Diagnostics;
using Grove.Core.Domain;

namespace Grove.Bench;

/// <summary>
/// Appending one message to a tab that already holds N messages: Grove's append-only transcript row
/// (<c>ITranscriptStore.AppendAsync</c>) vs the reference app's whole-conversation JSON column
/// (<see cref="ReferenceSubChats"/>), both on a real SQLite file in WAL mode.
/// </summary>
/// <remarks>
/// Appends run in batches of <see cref="Batch"/>; after each batch the tab and the sub-chat are put
/// back to N messages (untimed), so every timed append sees N..N+Batch messages. Sizes and the two
/// stores are interleaved batch by batch, so a noisy neighbour on the machine hits both alike.
/// </remarks>
internal static class TranscriptAppendBench
{
    private const int Batch = 20;
    private static readonly int[] Sizes = [100, 1_000, 10_000];

    public static async Task RunAsync(BenchOptions options)
    {
        var rounds = Math.Max(1, (options.Appends + Batch - 1) / Batch);
        Console.WriteLine($"\n## Append one message to a tab holding N messages: Grove row vs whole-array JSON rewrite (reference), {rounds * Batch} appends per size, median");
        var text = new BenchText(42);
        await using var grove = await BenchDatabase.CreateAsync();
        using var reference = await ReferenceSubChats.OpenAsync(Path.Combine(grove.Folder, "reference.db"));

        var tabs = new Dictionary<int, string>();
        var referenceSeeds = new Dictionary<int, string>();
        var start = DateTimeOffset.UtcNow;
        foreach (var size in Sizes)
        {
            tabs[size] = await grove.AddTabAsync($"tab-{size}");
            await grove.SeedAsync(tabs[size], size, text);
            var messages = Enumerable.Range(0, size)
                .Select(i => NewReferenceMessage(text, i % 2 == 0 ? "user" : "assistant", text.Sentence(440), start.AddSeconds(i)))
                .ToList();
            reference.Put($"sub-{size}", messages);
            referenceSeeds[size] = System.Text.Json.JsonSerializer.Serialize(messages, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
        }

        Console.WriteLine($"one message: Grove row payload {BenchDatabase.TextRow("tab", "msg_0", text.Sentence(440)).PayloadJson.Length} chars; reference JSON at 10k: {referenceSeeds[10_000].Length / 1_000_000.0:0.0} MB");
        var pool = Enumerable.Range(0, 64).Select(_ => text.Sentence(440)).ToArray();
        var groveMicros = Sizes.ToDictionary(s => s, _ => new List<double>());
        var referenceMicros = Sizes.ToDictionary(s => s, _ => new List<double>());

        // Round 0 warms up JIT, caches and the WAL; it is not counted.
        for (var round = 0; round <= rounds; round++)
        {
            foreach (var size in Sizes)
            {
                // The reference leaves megabytes of garbage; collect it before each timed batch so neither side pays for the other.
                Settle();
                for (var i = 0; i < Batch; i++)
                {
                    var row = BenchDatabase.TextRow(tabs[size], $"msg_bench_{round}_{i}", pool[(round + i) % pool.Length]);
                    var t = Stopwatch.GetTimestamp();
                    await grove.Stores.Transcripts.AppendAsync(row);
                    Record(groveMicros[size], round, Stopwatch.GetTimestamp() - t);
                }

                await grove.TruncateAsync(tabs[size], size);
                Settle();

                for (var i = 0; i < Batch; i++)
                {
                    var message = NewReferenceMessage(text, "assistant", pool[(round + i) % pool.Length], DateTimeOffset.UtcNow);
                    var t = Stopwatch.GetTimestamp();
                    reference.Append($"sub-{size}", message);
                    Record(referenceMicros[size], round, Stopwatch.GetTimestamp() - t);
                }

                reference.Put($"sub-{size}", referenceSeeds[size]);
            }
        }

        Console.WriteLine("messages |   grove µs (p90)     | reference µs (p90)          | reference/grove");
        foreach (var size in Sizes)
        {
            var g = BenchStats.Median(groveMicros[size]);
            var r = BenchStats.Median(referenceMicros[size]);
            Console.WriteLine(
                $"{size,8:N0} | {g,8:0.0} ({BenchStats.Percentile(groveMicros[size], 0.9),8:0.0}) | {r,11:N0} ({BenchStats.Percentile(referenceMicros[size], 0.9),11:N0}) | {r / g,10:N0}x");
        }

        var grove100 = BenchStats.Median(groveMicros[100]);
        var grove10k = BenchStats.Median(groveMicros[10_000]);
        var ratio10k = BenchStats.Median(referenceMicros[10_000]) / grove10k;
        Console.WriteLine($"reference/grove at 10k : {ratio10k,8:N0}x   (target >= 1000x)");
        Console.WriteLine($"grove 10k/100          : {grove10k / grove100,8:0.00}    (target <= 1.5)");
    }

    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    private static void Record(List<double> samples, int round, long ticks)
    {
        if (round > 0)
        {
            samples.Add(BenchStats.Micros(ticks));
        }
    }

    private static ReferenceMessage NewReferenceMessage(BenchText text, string role, string content, DateTimeOffset at) =>
        new(text.Id("msg"), role, [new ReferencePart("text", content)], at);
}
