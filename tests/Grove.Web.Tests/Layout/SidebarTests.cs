using Grove.Services.Projects;
using Grove.Services.Workspaces;
using Grove.Testing;
using Grove.Web.Components.Layout;

namespace Grove.Web.Tests.Layout;

public sealed class SidebarTests : UiTestContext
{
    [Fact]
    public async Task Lists_workspaces_under_their_project()
    {
        using var repo = TestRepository.Create();
        var project = await Get<IProjectService>().AddAsync(repo.Path, "demo", Ct);
        await Get<IWorkspaceService>().CreateAsync(new CreateWorkspaceRequest { Project = project.Id, Name = "fix-login", NoFetch = true }, cancellationToken: Ct);

        var sidebar = Render<Sidebar>();

        sidebar.WaitForAssertion(() =>
        {
            var group = sidebar.Find("[data-project='demo']");
            Assert.Contains("fix-login", group.QuerySelector("[data-workspace='fix-login']")!.TextContent, StringComparison.Ordinal);
        });
    }
}
