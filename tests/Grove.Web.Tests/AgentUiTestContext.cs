using Grove.Core.Domain;
using Grove.Services.Agents;
using Grove.Services.Projects;
using Grove.Services.Workspaces;
using Grove.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Web.Tests;

/// <summary>
/// <see cref="UiTestContext"/> with agents that really run: the pinned Claude Code CLI against the
/// scripted <see cref="FakeAnthropicServer"/>, on a temp repository with one workspace and tab.
/// </summary>
public abstract class AgentUiTestContext : UiTestContext
{
    private ClaudeCliHarness? _harness;

    protected FakeAnthropicServer Api { get; private set; } = null!;

    protected TestRepository Repo { get; private set; } = null!;

    protected Workspace Workspace { get; private set; } = null!;

    protected AgentTab Tab { get; private set; } = null!;

    protected IAgentRuns Runs => Get<IAgentRuns>();

    protected IAgentTabs Tabs => Get<IAgentTabs>();

    /// <summary>Files the test repository starts with (committed).</summary>
    protected virtual IDictionary<string, string>? RepositoryFiles => null;

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(_ =>
        {
            var options = new AgentRunOptions { ExecutablePath = _harness!.BinaryPath, PartialCheckpointInterval = TimeSpan.FromMilliseconds(50) };
            foreach (var (key, value) in _harness.Environment)
            {
                options.ExtraEnvironment[key] = value;
            }

            return options;
        });
    }

    public override async ValueTask InitializeAsync()
    {
        Api = await FakeAnthropicServer.StartAsync(Ct);
        _harness = new ClaudeCliHarness(Api);
        Repo = TestRepository.Create(files: RepositoryFiles);
        await base.InitializeAsync();
        var project = await Get<IProjectService>().AddAsync(Repo.Path, "demo", Ct);
        Workspace = (await Get<IWorkspaceService>().CreateAsync(new CreateWorkspaceRequest { Project = project.Id, Name = "feature", NoFetch = true }, cancellationToken: Ct)).Workspace;
        Tab = await Tabs.CreateAsync(new CreateTabRequest { Workspace = Workspace.Id, Name = "main" }, Ct);
    }

    /// <summary>Waits until the tab's stream (stored events, then live ones) holds a matching event.</summary>
    protected async Task<LiveEvent> WaitForEventAsync(string tabId, Func<LiveEvent, bool> match)
    {
        await foreach (var e in Runs.Events.SubscribeAsync(tabId, 0, includeLiveOnly: false, Ct))
        {
            if (match(e))
            {
                return e;
            }
        }

        throw new InvalidOperationException("The event stream ended.");
    }

    protected override async ValueTask DisposeTestResourcesAsync()
    {
        _harness?.Dispose();
        Repo?.Dispose();
        if (Api is not null)
        {
            await Api.DisposeAsync();
        }
    }
}
