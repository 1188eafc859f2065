using System.Collections.Concurrent;
using Grove.Core.Agents;
using Grove.Data.Stores;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Agents.Usage;

internal sealed class AgentUsageSampler : IAgentUsage, IAsyncDisposable
{
    /// <summary>How often running agents are sampled.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly IAgentRuns _runs;
    private readonly IAgentTabStore _tabs;
    private readonly IProcessTreeProbe _probe;
    private readonly TimeProvider _time;
    private readonly ILogger<AgentUsageSampler> _logger;
    private readonly ConcurrentDictionary<string, string> _workspaceOf = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _sampling = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lazy<Task> _loop;
    private Dictionary<string, (int Pid, TimeSpan Cpu, long Timestamp)> _previous = new(StringComparer.Ordinal);
    private volatile Snapshot _snapshot = Snapshot.Empty;

    public AgentUsageSampler(IAgentRuns runs, IAgentTabStore tabs, IProcessTreeProbe probe, TimeProvider time, ILogger<AgentUsageSampler> logger)
    {
        _runs = runs;
        _tabs = tabs;
        _probe = probe;
        _time = time;
        _logger = logger;
        _loop = new Lazy<Task>(() => Task.Run(LoopAsync));
    }

    public event Action? Sampled;

    public IReadOnlyList<AgentUsage> Current
    {
        get
        {
            _ = _loop.Value;
            return _snapshot.Agents;
        }
    }

    // Every page asks these of every tab and workspace after each sample: answered from the sample, not recomputed per call.
    public AgentUsage? For(string tabId)
    {
        _ = _loop.Value;
        return _snapshot.ByTab.GetValueOrDefault(tabId);
    }

    public IReadOnlyList<WorkspaceUsage> ByWorkspace()
    {
        _ = _loop.Value;
        return _snapshot.ByWorkspace;
    }

    public async Task SampleAsync(CancellationToken cancellationToken = default)
    {
        await _sampling.WaitAsync(cancellationToken);
        try
        {
            var running = _runs.RunningAgents();
            if (running.Count == 0)
            {
                var had = _snapshot.Agents.Count > 0;
                _snapshot = Snapshot.Empty;
                _previous.Clear();
                if (had)
                {
                    Sampled?.Invoke();
                }

                return;
            }

            var samples = _probe.Read([.. running.Select(r => r.ProcessId)]);
            var now = _time.GetTimestamp();
            var at = _time.GetUtcNow();
            var next = new Dictionary<string, (int, TimeSpan, long)>(StringComparer.Ordinal);
            var usages = new List<AgentUsage>();
            foreach (var agent in running)
            {
                if (!samples.TryGetValue(agent.ProcessId, out var sample))
                {
                    continue;
                }

                var cpu = 0.0;
                if (_previous.TryGetValue(agent.TabId, out var before) && before.Pid == agent.ProcessId)
                {
                    var elapsed = _time.GetElapsedTime(before.Timestamp, now);
                    if (elapsed > TimeSpan.Zero)
                    {
                        // A child that exited between samples takes its time with it: never below zero.
                        cpu = Math.Max(0, (sample.CpuTime - before.Cpu).TotalSeconds / elapsed.TotalSeconds * 100);
                    }
                }

                next[agent.TabId] = (agent.ProcessId, sample.CpuTime, now);
                usages.Add(new AgentUsage(agent.TabId, await WorkspaceOfAsync(agent.TabId, cancellationToken), agent.ProcessId, cpu, sample.ResidentBytes, sample.Processes, at));
            }

            _previous = next;
            _snapshot = new Snapshot(usages);
            Sampled?.Invoke();
        }
        finally
        {
            _sampling.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop.IsValueCreated)
        {
            try
            {
                await _loop.Value;
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Interval, _time);
        while (await timer.WaitForNextTickAsync(_stop.Token))
        {
            try
            {
                await SampleAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Core.Errors.GroveException)
            {
                _logger.LogWarning("Sampling agent processes failed: {Error}", ex.Message);
            }
        }
    }

    private async Task<string> WorkspaceOfAsync(string tabId, CancellationToken cancellationToken)
    {
        if (_workspaceOf.TryGetValue(tabId, out var known))
        {
            return known;
        }

        var tab = await _tabs.GetAsync(tabId, cancellationToken);
        var workspaceId = tab?.WorkspaceId ?? "";
        if (tab is not null)
        {
            _workspaceOf[tabId] = workspaceId;
        }

        return workspaceId;
    }

    /// <summary>One sample, with its lookups by tab and its sums by workspace made once.</summary>
    private sealed class Snapshot(IReadOnlyList<AgentUsage> agents)
    {
        public static readonly Snapshot Empty = new([]);

        public IReadOnlyList<AgentUsage> Agents { get; } = agents;

        public Dictionary<string, AgentUsage> ByTab { get; } = IndexByTab(agents);

        public IReadOnlyList<WorkspaceUsage> ByWorkspace { get; } = WorkspaceUsage.Sum(agents);

        private static Dictionary<string, AgentUsage> IndexByTab(IReadOnlyList<AgentUsage> agents)
        {
            var byTab = new Dictionary<string, AgentUsage>(agents.Count, StringComparer.Ordinal);
            foreach (var agent in agents)
            {
                byTab.TryAdd(agent.TabId, agent);
            }

            return byTab;
        }
    }
}
