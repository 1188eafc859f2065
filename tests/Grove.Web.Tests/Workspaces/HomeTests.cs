using Grove.Services.Projects;
using Grove.Services.Workspaces;
using Grove.Testing;
using Grove.Web.Components.Pages;
using Grove.Web.State;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Web.Tests.Workspaces;

public sealed class HomeTests : UiTestContext
{
    [Fact]
    public async Task Without_projects_it_welcomes_and_adds_a_project()
    {
        using var repo = TestRepository.Create();
        var raised = new List<string>();
        Services.GetRequiredService<UiCommands>().Invoked += c =>
        {
            raised.Add(c);
            return Task.CompletedTask;
        };
        var home = Render<Home>();
        home.WaitForElement("[data-test='welcome']");

        home.Find("[data-test='add-project-path']").Input(Path.Combine(repo.Path, "missing"));
        home.Find("[data-action='add-project']").Click();
        home.WaitForAssertion(() => Assert.Contains("does not exist", home.Find("[data-test='add-project-error']").TextContent, StringComparison.Ordinal));
        Assert.Empty(await Get<IProjectService>().ListAsync(Ct));

        home.Find("[data-test='add-project-path']").Input(repo.Path);
        home.Find("[data-action='add-project']").Click();

        home.WaitForAssertion(() => Assert.NotNull(home.Find("[data-test='no-workspaces']")));
        Assert.Equal(repo.Path, Assert.Single(await Get<IProjectService>().ListAsync(Ct)).Path);
        Assert.Contains(UiCommand.WorkspacesChanged, raised);

        home.Find("[data-action='home-new-workspace']").Click();
        home.WaitForAssertion(() => Assert.Contains(UiCommand.NewWorkspace, raised));
    }

    [Fact]
    public async Task Lists_recent_workspaces_with_their_project()
    {
        using var repo = TestRepository.Create();
        var project = await Get<IProjectService>().AddAsync(repo.Path, "demo", Ct);
        foreach (var name in new[] { "one", "two" })
        {
            await Get<IWorkspaceService>().CreateAsync(new CreateWorkspaceRequest { Project = project.Id, Name = name, NoFetch = true }, cancellationToken: Ct);
        }

        await Get<IWorkspaceService>().ArchiveAsync("demo/one", cancellationToken: Ct);
        var two = await Get<IWorkspaceService>().ResolveAsync("demo/two", Ct);

        var home = Render<Home>();

        home.WaitForAssertion(() =>
        {
            var item = home.Find("[data-test='recent-workspaces'] [data-workspace='two']");
            Assert.Contains("demo", item.TextContent, StringComparison.Ordinal);
            Assert.Equal($"/w/{two.Id}", item.QuerySelector("a")!.GetAttribute("href"));
            Assert.Empty(home.FindAll("[data-workspace='one']"));
        });
    }

    [Fact]
    public async Task A_workspace_archived_from_the_sidebar_leaves_the_recent_list()
    {
        using var repo = TestRepository.Create();
        var project = await Get<IProjectService>().AddAsync(repo.Path, "demo", Ct);
        foreach (var name in new[] { "keep", "old" })
        {
            await Get<IWorkspaceService>().CreateAsync(new CreateWorkspaceRequest { Project = project.Id, Name = name, NoFetch = true }, cancellationToken: Ct);
        }

        var home = Render<Home>();
        var sidebar = Render<Grove.Web.Components.Layout.Sidebar>();
        home.WaitForElement("[data-test='recent-workspaces'] [data-workspace='old']");

        sidebar.WaitForElement("[data-workspace='old'] [data-action='archive-workspace']").Click();

        home.WaitForAssertion(() =>
        {
            Assert.Empty(home.FindAll("[data-test='recent-workspaces'] [data-workspace='old']"));
            Assert.NotNull(home.Find("[data-test='recent-workspaces'] [data-workspace='keep']"));
        });
        Assert.True((await Get<IWorkspaceService>().ResolveAsync("demo/old", Ct)).IsArchived);
    }
}
