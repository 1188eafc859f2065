using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Core.Paths;
using Grove.Services.Admission;
using Grove.Services.Agents;
using Grove.Services.Hosting;
using Grove.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Services.Tests.Admission;

/// <summary>An available-memory reading the test sets.</summary>
internal sealed class SettableMemory : IAvailableMemory
{
    public long? Bytes { get; set; } = 8L * 1024 * 1024 * 1024;

    public long? AvailableBytes() => Bytes;

    public void SetMb(long mb) => Bytes = mb * 1024 * 1024;
}

/// <summary>
/// Grove's real services with the fake agent (tests/Grove.FakeAgent, <c>turns</c> mode: one turn per
/// message, <c>hold</c> / <c>cost=</c> / <c>exit</c> in the text) on temp repositories, an injected
/// memory reading, and every tab status collected. <see cref="RestartAsync"/> starts Grove again on the same data.
/// </summary>
internal sealed class TurnBed : IAsyncDisposable
{
    private static readonly string FakeAgentPath =
        Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "Grove.FakeAgent.exe" : "Grove.FakeAgent");

    private readonly TempDirectory _home = new("grove-home");
    private readonly TempDirectory _scripts = new("grove-fake");
    private readonly List<TestRepository> _repos = [];
    private readonly List<LiveEvent> _statuses = [];
    private CancellationTokenSource _stop = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _collector;

    public SettableMemory Memory { get; } = new();

    public GroveApp App { get; private set; } = null!;

    public IAgentRuns Runs => App.Get<IAgentRuns>();

    public IAgentTabs Tabs => App.Get<IAgentTabs>();

    public ITurnAdmission Admission => App.Get<ITurnAdmission>();

    public static CancellationToken Ct => TestTimeouts.Token(TestContext.Current.CancellationToken);

    public static async Task<TurnBed> StartAsync(int? maxRunning = null)
    {
        var bed = new TurnBed();
        await bed.StartAppAsync();
        if (maxRunning is { } cap)
        {
            await bed.SetAsync(SettingKeys.MaxRunning, cap.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return bed;
    }

    public Task SetAsync(string key, string value) => App.Get<Grove.Services.Settings.ISettingsService>().SetAsync(key, value, Ct);

    /// <summary>A new project (its own repository) with one workspace and one tab per name.</summary>
    public async Task<IReadOnlyList<AgentTab>> ProjectWithTabsAsync(params string[] workspaces)
    {
        var repo = TestRepository.Create();
        _repos.Add(repo);
        var project = await App.Get<Grove.Services.Projects.IProjectService>().AddAsync(repo.Path, cancellationToken: Ct);
        var tabs = new List<AgentTab>();
        foreach (var name in workspaces)
        {
            var workspace = (await App.Get<Grove.Services.Workspaces.IWorkspaceService>().CreateAsync(new() { Project = project.Name, Name = name }, cancellationToken: Ct)).Workspace;
            tabs.Add(await Tabs.CreateAsync(new CreateTabRequest { Workspace = workspace.Id, PermissionMode = PermissionMode.Bypass }, Ct));
        }

        return tabs;
    }

    public IReadOnlyList<LiveEvent> Statuses
    {
        get
        {
            lock (_statuses)
            {
                return [.. _statuses];
            }
        }
    }

    /// <summary>The tabs in the order their turns started running.</summary>
    public IReadOnlyList<string> StartOrder => [.. Statuses.Where(e => e.PayloadJson.Contains("\"running\"", StringComparison.Ordinal)).Select(e => e.TabId)];

    public async Task<LiveEvent> WaitForStatusAsync(string tabId, string status, int occurrence = 1)
    {
        var ct = Ct;
        while (true)
        {
            Task changed;
            lock (_statuses)
            {
                var matches = _statuses.Where(e => e.TabId == tabId && e.PayloadJson.Contains($"\"status\":\"{status}\"", StringComparison.Ordinal)).ToList();
                if (matches.Count >= occurrence)
                {
                    return matches[occurrence - 1];
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(ct);
        }
    }

    /// <summary>The tab's stored results, oldest first, once there are at least <paramref name="count"/>.</summary>
    public async Task<IReadOnlyList<ResultEvent>> ResultsAsync(string tabId, int count)
    {
        var results = new List<ResultEvent>();
        await foreach (var e in Runs.Events.SubscribeAsync(tabId, 0, includeLiveOnly: false, Ct))
        {
            if (e.Kind == AgentEventKinds.Result)
            {
                results.Add((ResultEvent)AgentEventJson.Deserialize(e.PayloadJson));
                if (results.Count >= count)
                {
                    return results;
                }
            }
        }

        return results;
    }

    public async Task<IReadOnlyList<TranscriptEvent>> TranscriptAsync(string tabId) =>
        await App.Get<ITranscripts>().ReadAsync(tabId, 0, 1000, Ct);

    /// <summary>Stops Grove (agents stop, waiting messages stay stored) and starts it again on the same data.</summary>
    public async Task RestartAsync(int? maxRunning = null)
    {
        await StopAppAsync();
        await StartAppAsync();
        if (maxRunning is { } cap)
        {
            await SetAsync(SettingKeys.MaxRunning, cap.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAppAsync();
        foreach (var repo in _repos)
        {
            repo.Dispose();
        }

        _scripts.Dispose();
        _home.Dispose();
    }

    private async Task StartAppAsync()
    {
        var script = _scripts.Combine("turns.json");
        await File.WriteAllTextAsync(script, """[{"op":"turns"}]""", Ct);
        App = await GroveApp.StartAsync(new GrovePaths(_home.Path), configureServices: services =>
        {
            services.AddSingleton<IAvailableMemory>(Memory);
            services.AddSingleton(_ =>
            {
                var options = new AgentRunOptions { ExecutablePath = FakeAgentPath };
                options.ExtraEnvironment["FAKE_AGENT_SCRIPT"] = script;
                return options;
            });
        }, cancellationToken: Ct);
        _stop = new CancellationTokenSource();

        // The first MoveNextAsync registers the subscriber before this returns: no status is missed.
        var statuses = Runs.Events.SubscribeStatusAsync(_stop.Token).GetAsyncEnumerator(_stop.Token);
        var first = statuses.MoveNextAsync();
        _collector = CollectAsync(statuses, first);
    }

    private async Task StopAppAsync()
    {
        await _stop.CancelAsync();
        if (_collector is not null)
        {
            try
            {
                await _collector;
            }
            catch (OperationCanceledException)
            {
            }
        }

        await App.DisposeAsync();
        _stop.Dispose();
    }

    private async Task CollectAsync(IAsyncEnumerator<LiveEvent> statuses, ValueTask<bool> first)
    {
        await using (statuses)
        {
            for (var more = await first; more; more = await statuses.MoveNextAsync())
            {
                lock (_statuses)
                {
                    _statuses.Add(statuses.Current);
                    _changed.TrySetResult();
                    _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
        }
    }
}
