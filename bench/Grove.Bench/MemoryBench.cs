using System.Diagnostics;
using Microsoft.Playwright;

namespace Grove.Bench;

/// <summary>
/// Issue 12's "Memory": the server's RSS idle (started, one page open, settled: the idle trimmer
/// and the GC have had their turn) and while 20 tabs stream (10 events/s each for <c>--seconds</c>,
/// 5 pages open), against the targets &lt; 80 MB and &lt; 150 MB, with smaps_rollup's private and
/// shared parts.
/// </summary>
internal static class MemoryBench
{
    private const int TabCount = 20;
    private const int PagesOpen = 5;
    private const double EventsPerSecond = 10;

    public static async Task RunAsync(BenchOptions options)
    {
        var eventsPerTab = (int)(options.Seconds * EventsPerSecond);
        Console.WriteLine();
        Console.WriteLine($"Memory: server RSS idle, and with {TabCount} tabs streaming {EventsPerSecond} events/s for {options.Seconds} s ({PagesOpen} pages open)");
        await using var load = await AgentLoad.StartAsync(TabCount, PagesOpen, eventsPerTab, EventsPerSecond, options.Grove);
        var pages = new List<IPage> { await load.OpenPageAsync(load.Workspaces[0]) };
        // Settle: start-up work done, the circuit idle, the idle trimmer's 10 s tick passed twice.
        await Task.Delay(TimeSpan.FromSeconds(25));
        var idle = load.Probe.Rss;
        Console.WriteLine($"  idle (one page open):  {AgentLoad.Mb(idle),6} MB   target < 80 MB    ratio {idle / (80.0 * 1024 * 1024):F2}");
        Console.WriteLine($"      {load.Probe.Breakdown()}");
        Console.WriteLine($"      {load.LastReport()}");
        await BenchPause.AtAsync(load.Probe.Pid, "idle");
        foreach (var workspace in load.Workspaces.Skip(1).Take(PagesOpen - 1))
        {
            pages.Add(await load.OpenPageAsync(workspace));
        }

        var clock = Stopwatch.StartNew();
        long peak;
        double average;
        bool ended;
        await using (var sampler = new RssSampler(load.Probe))
        {
            await load.SendAllAsync();
            ended = await load.WaitTurnsEndedAsync(TimeSpan.FromSeconds(options.Seconds * 4 + 120));
            peak = sampler.Peak;
            average = sampler.Average;
        }

        Console.WriteLine($"  streaming: peak {AgentLoad.Mb(peak),6} MB, average {AgentLoad.Mb(average),6} MB   target < 150 MB   ratio {peak / (150.0 * 1024 * 1024):F2} (peak){(ended ? string.Empty : "  (NOT all turns ended)")}  {clock.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"      at the end: {load.Probe.Breakdown()}");
        Console.WriteLine($"      {load.LastReport()}");
        await BenchPause.AtAsync(load.Probe.Pid, "after streaming");
        var (lost, reordered, stored) = await load.CheckDatabaseAsync();
        Console.WriteLine($"  database: {stored} events stored, {lost} lost, {reordered} out of order");
        await Task.Delay(TimeSpan.FromSeconds(25));
        Console.WriteLine($"  idle again, {PagesOpen} pages open: {AgentLoad.Mb(load.Probe.Rss)} MB   {load.Probe.Breakdown()}");
        Console.WriteLine($"      {load.LastReport()}");
    }
}
