using System.Text.Json;
using Grove.Core.Admission;
using Grove.Data.Stores;
using Grove.Services.Agents;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Admission;

/// <summary>
/// The slots and the first-come queue of <see cref="ITurnAdmission"/>. A tab holds a slot from the
/// moment its turn is admitted until the turn ends; waiters are admitted in order, skipping one
/// only while its own project is at its cap. Callbacks run outside the lock.
/// </summary>
internal sealed partial class TurnGate : ITurnAdmission, IDisposable
{
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(2);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _running = new(StringComparer.Ordinal);
    private readonly List<Waiter> _waiting = [];
    private readonly Dictionary<string, TurnWait> _published = new(StringComparer.Ordinal);
    private readonly ISettingsStore _settings;
    private readonly IAgentTabStore _tabs;
    private readonly IWorkspaceStore _workspaces;
    private readonly IProjectStore _projects;
    private readonly IAvailableMemory _memory;
    private readonly TabEventHub _hub;
    private readonly TimeProvider _time;
    private readonly ILogger<TurnGate> _logger;
    private readonly int _defaultMaxRunning;
    private AdmissionLimits _limits;
    private ITimer? _timer;
    private bool _closed;

    public TurnGate(
        ISettingsStore settings, IAgentTabStore tabs, IWorkspaceStore workspaces, IProjectStore projects,
        IAvailableMemory memory, TabEventHub hub, TimeProvider time, ILogger<TurnGate> logger)
    {
        _settings = settings;
        _tabs = tabs;
        _workspaces = workspaces;
        _projects = projects;
        _memory = memory;
        _hub = hub;
        _time = time;
        _logger = logger;
        _defaultMaxRunning = AdmissionLimits.DefaultMaxRunning(Environment.ProcessorCount, memory.AvailableBytes());
        _limits = new AdmissionLimits(_defaultMaxRunning, null, AdmissionLimits.DefaultMinFreeMemoryMb);
    }

    /// <summary>
    /// Asks for a slot for <paramref name="tabId"/>'s next turn. True: it holds one now, start the turn.
    /// False: it waits in the queue; <paramref name="admitted"/> runs when its slot is free.
    /// </summary>
    public async Task<bool> EnterAsync(string tabId, string projectId, Func<Task> admitted, CancellationToken cancellationToken)
    {
        var limits = await AdmissionLimits.ReadAsync(_settings, _defaultMaxRunning, cancellationToken);
        List<Waiter> ready;
        lock (_lock)
        {
            _limits = limits;
            if (_running.ContainsKey(tabId))
            {
                return true;
            }

            if (_waiting.FindIndex(w => w.TabId == tabId) is var index && index >= 0)
            {
                _waiting[index] = _waiting[index] with { Admitted = admitted };
            }
            else
            {
                _waiting.Add(new Waiter(tabId, projectId, admitted));
            }

            ready = AdmitLocked();
        }

        var self = ready.Find(w => w.TabId == tabId);
        await AfterChangeAsync(ready.Where(w => w.TabId != tabId));
        return self is not null;
    }

    /// <summary>The tab's turn ended: its slot goes to the next waiter that fits.</summary>
    public void Leave(string tabId)
    {
        List<Waiter> ready;
        lock (_lock)
        {
            if (!_running.Remove(tabId))
            {
                return;
            }

            ready = AdmitLocked();
        }

        _ = AfterChangeAsync(ready);
    }

    /// <summary>The tab no longer waits (its message was taken back or held): it leaves the queue.</summary>
    public bool Cancel(string tabId)
    {
        bool removed;
        lock (_lock)
        {
            removed = _waiting.RemoveAll(w => w.TabId == tabId) > 0;
            _published.Remove(tabId);
        }

        if (removed)
        {
            _ = AfterChangeAsync([]);
        }

        return removed;
    }

    public TurnWait? WaitOf(string tabId)
    {
        lock (_lock)
        {
            return _published.GetValueOrDefault(tabId);
        }
    }

    public async Task RecheckAsync(CancellationToken cancellationToken = default)
    {
        var limits = await AdmissionLimits.ReadAsync(_settings, _defaultMaxRunning, cancellationToken);
        List<Waiter> ready;
        lock (_lock)
        {
            _limits = limits;
            ready = AdmitLocked();
        }

        await AfterChangeAsync(ready);
    }

    /// <summary>Grove is shutting down: nothing is admitted any more (waiting tabs stay waiting, in the database, for the restart).</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _closed = true;
            _timer?.Dispose();
            _timer = null;
        }
    }

    /// <summary>Moves every waiter that fits, in order, from the queue to a slot; returns them.</summary>
    private List<Waiter> AdmitLocked()
    {
        var ready = new List<Waiter>();
        if (_waiting.Count == 0 || _closed)
        {
            return ready;
        }

        if (LowMemoryLocked() is not null)
        {
            return ready;
        }

        for (var i = 0; i < _waiting.Count && _running.Count < _limits.MaxRunning;)
        {
            var waiter = _waiting[i];
            if (_limits.MaxRunningPerProject is { } perProject && _running.Values.Count(p => p == waiter.ProjectId) >= perProject)
            {
                i++;
                continue;
            }

            _waiting.RemoveAt(i);
            _running[waiter.TabId] = waiter.ProjectId;
            _published.Remove(waiter.TabId);
            ready.Add(waiter);
        }

        return ready;
    }

    /// <summary>"low memory, 700 MB free" while available memory is under the threshold, else null.</summary>
    private string? LowMemoryLocked()
    {
        if (_limits.MinFreeMemoryMb <= 0 || _memory.AvailableBytes() is not { } bytes)
        {
            return null;
        }

        var freeMb = bytes / (1024 * 1024);
        return freeMb < _limits.MinFreeMemoryMb ? $"low memory, {freeMb} MB free" : null;
    }

    /// <summary>Starts the admitted turns, then tells every waiting tab where it stands.</summary>
    private async Task AfterChangeAsync(IEnumerable<Waiter> admitted)
    {
        foreach (var waiter in admitted)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await waiter.Admitted();
                }
                catch (Exception ex) when (ex is Core.Errors.GroveException or IOException or InvalidOperationException)
                {
                    LogStartFailed(waiter.TabId, ex.Message);
                    Leave(waiter.TabId);
                }
            });
        }

        List<(string TabId, TurnWait Wait)> changed = [];
        lock (_lock)
        {
            var memory = LowMemoryLocked();
            for (var i = 0; i < _waiting.Count; i++)
            {
                var waiter = _waiting[i];
                var reason = memory
                    ?? (_running.Count >= _limits.MaxRunning
                        ? $"{_running.Count} of {_limits.MaxRunning} agents running"
                        : $"project at its cap of {_limits.MaxRunningPerProject} agents");
                var wait = new TurnWait(i, reason);
                if (_published.GetValueOrDefault(waiter.TabId) != wait)
                {
                    _published[waiter.TabId] = wait;
                    changed.Add((waiter.TabId, wait));
                }
            }

            // While anything waits, look again every few seconds (memory comes back, settings change).
            if (_waiting.Count > 0 && !_closed)
            {
                _timer ??= _time.CreateTimer(_ => _ = RecheckQuietlyAsync(), null, RecheckInterval, RecheckInterval);
            }
            else
            {
                _timer?.Dispose();
                _timer = null;
            }
        }

        foreach (var (tabId, wait) in changed)
        {
            var payload = JsonSerializer.Serialize(new { status = "waiting", ahead = wait.Ahead, reason = wait.Reason, text = wait.Describe() });
            _hub.Publish(new LiveEvent(tabId, null, TabEventHub.StatusKind, payload, _time.GetUtcNow()));
        }

        await Task.CompletedTask;
    }

    private async Task RecheckQuietlyAsync()
    {
        try
        {
            await RecheckAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is Core.Errors.GroveException or IOException or InvalidOperationException or ObjectDisposedException)
        {
            LogRecheckFailed(ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tab {Tab}: the admitted turn could not start: {Error}")]
    private partial void LogStartFailed(string tab, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admission re-check failed: {Error}")]
    private partial void LogRecheckFailed(string error);

    private sealed record Waiter(string TabId, string ProjectId, Func<Task> Admitted);
}
