using Grove.Core.Domain;
using Grove.Services.Agents;
using Grove.Services.Projects;
using Grove.Services.Workspaces;
using Grove.Testing;
using Grove.Web.Components.Workspaces;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using ComposerComponent = Grove.Web.Components.Composer.Composer;

namespace Grove.Web.Tests.Workspaces;

/// <summary>A real repository with one workspace (no tabs yet) over Grove's real services.</summary>
public abstract class WorkspaceUiTestContext : UiTestContext
{
    private TestRepository? _repo;

    protected Workspace Workspace { get; private set; } = null!;

    protected IAgentTabs Tabs => Get<IAgentTabs>();

    protected NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        JSInterop.SetupModule(ComposerComponent.ModulePath);
        JSInterop.SetupModule(TurnNotifications.ModulePath);
        _repo = TestRepository.Create();
        var project = await Get<IProjectService>().AddAsync(_repo.Path, "demo", Ct);
        Workspace = (await Get<IWorkspaceService>().CreateAsync(new CreateWorkspaceRequest { Project = project.Id, Name = "feature", NoFetch = true }, cancellationToken: Ct)).Workspace;
    }

    protected Task<AgentTab> CreateTabAsync(string name) =>
        Tabs.CreateAsync(new CreateTabRequest { Workspace = Workspace.Id, Name = name }, Ct);

    protected async Task<IReadOnlyList<AgentTab>> ListTabsAsync() => await Tabs.ListAsync(Workspace.Id, Ct);

    protected string TabUrl(AgentTab tab) => Navigation.ToAbsoluteUri($"/w/{tab.WorkspaceId}/t/{tab.Id}").ToString();

    protected override ValueTask DisposeTestResourcesAsync()
    {
        _repo?.Dispose();
        return ValueTask.CompletedTask;
    }
}
