using System.Text.Json;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Services.Agents;
using Grove.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Services.Tests.Agents;

/// <summary>
/// Grove's real services + the real Claude Code CLI + the scripted fake Anthropic API, on a temp
/// repository with one workspace and one tab. Every event of the tab is collected as it is published.
/// </summary>
internal sealed class AgentBed : IAsyncDisposable
{
    private readonly List<LiveEvent> _events = [];
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _collector;

    private AgentBed(FakeAnthropicServer api, ClaudeCliHarness harness, TestRepository repo, TestApp app)
    {
        Api = api;
        Harness = harness;
        Repo = repo;
        App = app;
    }

    public FakeAnthropicServer Api { get; }

    public ClaudeCliHarness Harness { get; }

    public TestRepository Repo { get; }

    public TestApp App { get; }

    public Workspace Workspace { get; private set; } = null!;

    public AgentTab Tab { get; private set; } = null!;

    public IAgentRuns Runs => App.App.Get<IAgentRuns>();

    public IAgentTabs Tabs => App.App.Get<IAgentTabs>();

    public static CancellationToken Ct => TestTimeouts.Token(TestContext.Current.CancellationToken);

    public static async Task<AgentBed> StartAsync(AgentMode mode = AgentMode.Agent, PermissionMode permissionMode = PermissionMode.Ask, bool rawLog = false, Action<IServiceCollection>? configure = null)
    {
        var api = await FakeAnthropicServer.StartAsync(Ct);
        var harness = new ClaudeCliHarness(api);
        var repo = TestRepository.Create();
        var app = await TestApp.StartAsync(services =>
        {
            services.AddSingleton(_ =>
            {
                var options = new AgentRunOptions { ExecutablePath = harness.BinaryPath, PartialCheckpointInterval = TimeSpan.FromMilliseconds(50), RawLog = rawLog };
                foreach (var (key, value) in harness.Environment)
                {
                    options.ExtraEnvironment[key] = value;
                }

                return options;
            });
            configure?.Invoke(services);
        });
        var bed = new AgentBed(api, harness, repo, app);
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        bed.Workspace = (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "agent" }, cancellationToken: Ct)).Workspace;
        bed.Tab = await bed.Tabs.CreateAsync(new CreateTabRequest { Workspace = bed.Workspace.Id, Mode = mode, PermissionMode = permissionMode }, Ct);
        bed._collector = Task.Run(() => bed.CollectAsync(bed.Tab.Id));
        return bed;
    }

    public string InWorktree(string relative) => Path.Combine(Workspace.WorktreePath, relative);

    public IReadOnlyList<LiveEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Waits for the <paramref name="occurrence"/>-th event matching <paramref name="predicate"/>.</summary>
    public async Task<LiveEvent> WaitForAsync(Func<LiveEvent, bool> predicate, int occurrence = 1)
    {
        var ct = Ct;
        while (true)
        {
            Task changed;
            lock (_events)
            {
                var matches = _events.Where(predicate).ToList();
                if (matches.Count >= occurrence)
                {
                    return matches[occurrence - 1];
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(ct);
        }
    }

    public Task<LiveEvent> WaitForKindAsync(string kind, int occurrence = 1) => WaitForAsync(e => e.Kind == kind, occurrence);

    public async Task<ResultEvent> WaitForResultAsync(int occurrence = 1) =>
        (ResultEvent)AgentEventJson.Deserialize((await WaitForKindAsync(AgentEventKinds.Result, occurrence)).PayloadJson);

    /// <summary>Waits until the tab holds a pending approval (the tab reports needs-input), and returns it.</summary>
    public async Task<PendingApproval> WaitForApprovalAsync(int occurrence = 1)
    {
        await WaitForAsync(e => e.Kind == "tab_status" && e.PayloadJson.Contains("needsinput", StringComparison.Ordinal), occurrence);
        return Assert.Single(Runs.GetPending(Tab.Id));
    }

    /// <summary>
    /// Waits for the tab to report idle after its <paramref name="resultOccurrence"/>-th result: the
    /// result is published (stored) first, the tab's status follows it.
    /// </summary>
    public async Task WaitForIdleAfterResultAsync(int resultOccurrence = 1)
    {
        var ct = Ct;
        while (true)
        {
            Task changed;
            lock (_events)
            {
                var results = 0;
                foreach (var e in _events)
                {
                    results += e.Kind == AgentEventKinds.Result ? 1 : 0;
                    if (results >= resultOccurrence && e.Kind == TabEventHub.StatusKind && e.PayloadJson.Contains("idle", StringComparison.Ordinal))
                    {
                        return;
                    }
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(ct);
        }
    }

    public async Task<AgentTab> ReloadTabAsync() => await Tabs.ResolveAsync(Tab.Id, Ct);

    public IReadOnlyList<T> Stored<T>() where T : AgentEvent =>
        [.. Events.Where(e => e.Sequence is not null && e.Kind != PartialCheckpoint.Kind).Select(e => AgentEventJson.Deserialize(e.PayloadJson)).OfType<T>()];

    public static JsonElement Input(object value) => JsonSerializer.SerializeToElement(value);

    public async ValueTask DisposeAsync()
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
        Harness.Dispose();
        Repo.Dispose();
        await Api.DisposeAsync();
        _stop.Dispose();
    }

    private async Task CollectAsync(string tabId)
    {
        await foreach (var e in Runs.Events.SubscribeAsync(tabId, 0, includeLiveOnly: true, _stop.Token))
        {
            lock (_events)
            {
                _events.Add(e);
                var previous = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                previous.TrySetResult();
            }
        }
    }
}
