using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

namespace Grove.Bench;

/// <summary>
/// Issue 12's "100 agents": <c>--agents</c> fake agents (default 100), each streaming 10 events/s
/// for <c>--seconds</c> (default 60) through the real <c>grove serve</c>, with 5 browser pages open
/// on 5 workspaces. Measures the server's own CPU (utime + stime of its process, not the agents')
/// over the run as % of one core (target &lt; 10%), its RSS peak and average (target &lt; 300 MB)
/// and private/shared split, and checks that no event was lost or reordered: in the database for
/// every tab, and in one page for its tab. Quick mode (<c>--quick</c>): 10 agents × 5 s with 2 pages open.
/// </summary>
internal static class ManyAgentsBench
{
    private const int PagesOpenFull = 5;
    private const double EventsPerSecond = 10;

    public static async Task RunAsync(BenchOptions options)
    {
        var agents = options.Agents;
        var pagesOpen = options.Quick ? 2 : PagesOpenFull;
        var eventsPerTab = (int)(options.Seconds * EventsPerSecond);
        Console.WriteLine();
        Console.WriteLine($"100 agents: {agents} fake agents × {EventsPerSecond} events/s × {options.Seconds} s through grove serve, {pagesOpen} pages open");
        var workspaceCount = Math.Max(PagesOpenFull, (agents + 4) / 5);
        await using var load = await AgentLoad.StartAsync(agents, workspaceCount, eventsPerTab, EventsPerSecond, options.Grove);
        var pages = new List<IPage>();
        foreach (var workspace in load.Workspaces.Take(pagesOpen))
        {
            pages.Add(await load.OpenPageAsync(workspace));
        }

        await Task.Delay(TimeSpan.FromSeconds(options.Quick ? 1 : 3));
        Console.WriteLine($"  before: server pid {load.Probe.Pid}, {load.Probe.Breakdown()}");
        Console.WriteLine($"      {load.LastReport()}");

        var cpuBefore = load.Probe.CpuSeconds;
        var clock = Stopwatch.StartNew();
        bool ended;
        long peak;
        double average;
        double jit;
        Steady window;
        await using (var sampler = new RssSampler(load.Probe))
        {
            await load.SendAllAsync();
            var steady = SteadyAsync(load, TimeSpan.FromSeconds(options.Seconds / 3.0));
            ended = await load.WaitTurnsEndedAsync(TimeSpan.FromSeconds(options.Seconds * 4 + 180));
            window = await steady;
            peak = sampler.Peak;
            average = sampler.Average;
            jit = sampler.TieredJitSeconds;
        }

        var wall = clock.Elapsed.TotalSeconds;
        var cpu = load.Probe.CpuSeconds - cpuBefore;
        var cpuPercent = cpu / wall * 100;
        var total = agents * eventsPerTab;
        Console.WriteLine(ended ? $"  all {agents} turns ended in {wall:F1} s ({total / wall:F0} events/s stored)" : $"  NOT all turns ended within the timeout ({wall:F1} s)");
        Console.WriteLine($"  server CPU: {cpu:F1} s over {wall:F1} s = {cpuPercent:F1}% of one core   target < 10%   ratio {cpuPercent / 10:F2}");
        // Where the machine could not run the agents at full speed, the wall time stretches: CPU per event does not.
        var nominal = cpu / total * agents * EventsPerSecond * 100;
        Console.WriteLine($"  server CPU per 1000 events: {cpu / total * 1000 * 1000:F0} ms; at the nominal {agents * EventsPerSecond:F0} events/s that is {nominal:F1}% of one core   ratio {nominal / 10:F2}");
        // The streaming path is compiled again at tier 1 while the run warms up: a server that has streamed a while pays none of it.
        Console.WriteLine($"  of which the background tiered JIT (warm-up): {jit:F1} s ({(cpu > 0 ? jit / cpu * 100 : 0):F0}%); without it {(cpu - jit) / total * 1000 * 1000:F0} ms per 1000 events = {(cpu - jit) / total * agents * EventsPerSecond * 100:F1}% of one core at the nominal rate");
        Console.WriteLine(
            $"  steady streaming (the middle third: {window.Seconds:F1} s from {window.Start:F1} s after the last message was sent): {window.Events / window.Seconds:F0} events/s stored, " +
            $"server CPU {window.Cpu / window.Seconds * 100:F1}% of one core   target < 10%   ratio {window.Cpu / window.Seconds * 10:F2}; {(window.Events > 0 ? window.Cpu / window.Events * 1000 * 1000 : 0):F0} ms per 1000 events");
        Console.WriteLine($"  server RSS: peak {AgentLoad.Mb(peak)} MB, average {AgentLoad.Mb(average)} MB   target < 300 MB   ratio {peak / (300.0 * 1024 * 1024):F2} (peak)");
        Console.WriteLine($"  at the end: {load.Probe.Breakdown()}");
        Console.WriteLine($"      {load.LastReport()}");

        var (lost, reordered, stored) = await load.CheckDatabaseAsync();
        Console.WriteLine($"  database: {stored} of {total} events stored, {lost} lost, {reordered} out of order");
        var ticks = await load.PageTicksAsync(pages[0]);
        var inOrder = ticks.Length > 0 && ticks[^1] == eventsPerTab && ticks.Zip(ticks.Skip(1)).All(p => p.Second == p.First + 1);
        Console.WriteLine(inOrder
            ? $"  page: the checked tab shows ticks {ticks[0]}…{ticks[^1]} in order, none missing ({ticks.Length} rendered)"
            : $"  page: the checked tab's ticks are missing or out of order: {string.Join(' ', ticks.TakeLast(20).Select(t => t.ToString(CultureInfo.InvariantCulture)))}");
    }

    /// <summary>
    /// The server's CPU and the ticks stored over the middle third of the streaming time (from one third
    /// after the messages were sent to two thirds): every agent streams then, without the turns' start
    /// (100 agent processes), their end or most of the warm-up.
    /// </summary>
    private static async Task<Steady> SteadyAsync(AgentLoad load, TimeSpan third)
    {
        await Task.Delay(third);
        var clock = Stopwatch.StartNew();
        var cpu = load.Probe.CpuSeconds;
        var events = await load.StoredTicksAsync();
        await Task.Delay(third);
        var seconds = clock.Elapsed.TotalSeconds;
        return new Steady(third.TotalSeconds, seconds, load.Probe.CpuSeconds - cpu, await load.StoredTicksAsync() - events);
    }

    private readonly record struct Steady(double Start, double Seconds, double Cpu, long Events);
}
