using Grove.Core.Domain;
using Grove.Services.Projects;
using Grove.Services.Workspaces;
using Grove.Testing;
using Grove.Web.Components.Changes;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Grove.Web.Tests.Changes;

/// <summary>The changes panel over Grove's real services, on a real repository and workspace.</summary>
public abstract class ChangesBed : UiTestContext
{
    protected async Task<Workspace> CreateWorkspaceAsync(TestRepository repo, string name = "feature", WorkspaceMode mode = WorkspaceMode.Worktree)
    {
        var projects = Get<IProjectService>();
        var project = (await projects.ListAsync(Ct)).FirstOrDefault(p => p.Path == repo.Path) ?? await projects.AddAsync(repo.Path, "demo", Ct);
        var request = new CreateWorkspaceRequest { Project = project.Id, Name = name, NoFetch = true, NoSetup = true, Mode = mode };
        return (await Get<IWorkspaceService>().CreateAsync(request, cancellationToken: Ct)).Workspace;
    }

    protected IRenderedComponent<ChangesPanel> RenderPanel(Workspace workspace) =>
        Render<ChangesPanel>(p => p.Add(x => x.WorkspaceId, workspace.Id));

    /// <summary>Renders the panel and waits until it follows the workspace and its reads are done.</summary>
    protected async Task<IRenderedComponent<ChangesPanel>> RenderSettledAsync(Workspace workspace)
    {
        var panel = RenderPanel(workspace);
        await panel.Instance.Live.WaitAsync(Ct);
        await panel.Instance.PendingRefresh.WaitAsync(Ct);
        return panel;
    }

    protected static void WaitFor(IRenderedComponent<ChangesPanel> panel, Action assertion) =>
        panel.WaitForAssertion(assertion, TestTimeouts.Default);

    /// <summary>Finds and clicks on the renderer's thread, so a refresh cannot re-render in between.</summary>
    protected static Task ClickAsync(IRenderedComponent<ChangesPanel> panel, string selector) =>
        panel.InvokeAsync(() => panel.Find(selector).ClickAsync(new MouseEventArgs()));

    protected static Task InputAsync(IRenderedComponent<ChangesPanel> panel, string selector, string value) =>
        panel.InvokeAsync(() => panel.Find(selector).InputAsync(new ChangeEventArgs { Value = value }));

    protected static void Write(Workspace workspace, string path, string content)
    {
        var full = Path.Combine(workspace.WorktreePath, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    protected static string Read(Workspace workspace, string path) => File.ReadAllText(Path.Combine(workspace.WorktreePath, path));

    protected static string Row(string path, string state) => $"[data-file='{path}'][data-state='{state}']";
}
