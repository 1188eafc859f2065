using System.Globalization;
using System.Runtime;

namespace Grove.Server.Hosting;

/// <summary>
/// A debugging aid for memory and CPU work (issue 12): with <c>GROVE_DEBUG_MEMORY=/path/file</c> set,
/// the server appends one line every 5 s with the GC's view (heap, fragmentation, committed, total
/// allocated, collections per generation, pause share), the JIT's (methods compiled, time spent)
/// the thread pool's size and the transcript committer's rows and transactions so far. Off (not registered) unless the variable is set.
/// </summary>
internal sealed class MemoryReport(string path, TimeProvider time) : BackgroundService
{
    public const string Variable = "GROVE_DEBUG_MEMORY";

    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                await File.AppendAllTextAsync(path, Line() + "\n", stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
            // A debugging aid: a file that cannot be written ends the report, never the server.
        }
    }

    /// <summary>One report: sizes in MB, times in ms.</summary>
    internal string Line()
    {
        const double Mb = 1024 * 1024;
        var gc = GC.GetGCMemoryInfo(GCKind.Any);
        return string.Create(CultureInfo.InvariantCulture,
            $"{time.GetUtcNow():HH:mm:ss} heap {gc.HeapSizeBytes / Mb:F1} fragmented {gc.FragmentedBytes / Mb:F1} committed {gc.TotalCommittedBytes / Mb:F1} "
            + $"allocated {GC.GetTotalAllocatedBytes() / Mb:F0} gc0 {GC.CollectionCount(0)} gc1 {GC.CollectionCount(1)} gc2 {GC.CollectionCount(2)} "
            + $"pause {GC.GetTotalPauseDuration().TotalMilliseconds:F0}ms ({gc.PauseTimePercentage:F1}%) "
            + $"jit {System.Runtime.JitInfo.GetCompiledMethodCount()} methods {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:F0}ms "
            + $"pool threads {ThreadPool.ThreadCount}, latency {GCSettings.LatencyMode} "
            + $"transcript {Grove.Services.Agents.TranscriptCommitStats.Rows} rows in {Grove.Services.Agents.TranscriptCommitStats.Transactions} transactions");
    }
}
