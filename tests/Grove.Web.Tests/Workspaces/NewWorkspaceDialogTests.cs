using Grove.Core.Domain;
using Grove.Data.Stores;
using Grove.Services;
using Grove.Services.Agents;
using Grove.Services.Projects;
using Grove.Services.Workspaces;
using Grove.Testing;
using Grove.Web.Components.Workspaces;
using Grove.Web.State;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Web.Tests.Workspaces;

public sealed class NewWorkspaceDialogTests : UiTestContext
{
    private static readonly TimeSpan Wait = TestTimeouts.Default;

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    [Fact]
    public async Task Creates_a_worktree_and_its_first_tab_then_opens_it()
    {
        using var repo = TestRepository.Create(withRemote: true);
        repo.Git("branch", "develop");
        await Get<IProjectService>().AddAsync(repo.Path, "demo", Ct);
        var dialog = Render<NewWorkspaceDialog>();
        dialog.WaitForAssertion(() => Assert.Equal("main", dialog.Find("[data-test='base-branch']").GetAttribute("value")));
        var options = dialog.FindAll("[data-test='base-branch'] option").Select(o => o.GetAttribute("value")).ToArray();
        Assert.Contains("develop", options);
        Assert.Contains("origin/main", options);

        dialog.Find("[data-test='base-branch']").Change("develop");
        dialog.Find("[data-test='workspace-name']").Input("fix-login");
        dialog.Find("[data-test='agent-model']").Input("sonnet");
        dialog.Find("[data-test='agent-mode']").Change(nameof(AgentMode.Plan));
        dialog.Find("[data-action='create-workspace']").Click();

        dialog.WaitForAssertion(() => Assert.Matches("/w/ws_[a-z0-9]+/t/tab_[a-z0-9]+$", Navigation.Uri), Wait);
        var workspace = await Get<IWorkspaceService>().ResolveAsync("demo/fix-login", Ct);
        Assert.Equal("fix-login", workspace.Branch);
        Assert.Equal("develop", workspace.BaseBranch);
        Assert.True(Directory.Exists(workspace.WorktreePath));
        Assert.Equal("fix-login", TestGit.Run(workspace.WorktreePath, "branch", "--show-current").Trim());
        var tab = Assert.Single(await Get<IAgentTabs>().ListAsync(workspace.Id, Ct));
        Assert.Equal(AgentMode.Plan, tab.Mode);
        Assert.Equal("sonnet", tab.Model);
        Assert.EndsWith($"/w/{workspace.Id}/t/{tab.Id}", Navigation.Uri, StringComparison.Ordinal);
        Assert.Contains("creating worktree", dialog.Find("[data-test='create-progress']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_name_is_generated_and_the_default_mode_comes_from_settings()
    {
        using var repo = TestRepository.Create();
        await Get<IProjectService>().AddAsync(repo.Path, "demo", Ct);
        await Get<ISettingsStore>().SetAsync(SettingKeys.DefaultAgentMode, "plan", Ct);
        var dialog = Render<NewWorkspaceDialog>();
        dialog.WaitForAssertion(() => Assert.Equal(nameof(AgentMode.Plan), dialog.Find("[data-test='agent-mode']").GetAttribute("value")));
        WaitForBranches(dialog);

        dialog.Find("[data-action='create-workspace']").Click();

        dialog.WaitForAssertion(() => Assert.Contains("/t/tab_", Navigation.Uri, StringComparison.Ordinal), Wait);
        var workspace = Assert.Single(await Get<IWorkspaceService>().ListAsync(cancellationToken: Ct));
        Assert.Matches("^[a-z]+-[a-z]+-[0-9a-f]{4}$", workspace.Name);
        Assert.Equal(AgentMode.Plan, Assert.Single(await Get<IAgentTabs>().ListAsync(workspace.Id, Ct)).Mode);
    }

    [Fact]
    public async Task A_bad_name_shows_a_validation_error_and_creates_nothing()
    {
        using var repo = TestRepository.Create();
        await Get<IProjectService>().AddAsync(repo.Path, "demo", Ct);
        var dialog = Render<NewWorkspaceDialog>();
        WaitForBranches(dialog);

        dialog.Find("[data-test='workspace-name']").Input("bad..name");

        dialog.WaitForAssertion(() =>
        {
            Assert.Contains("'..'", dialog.Find("[data-test='workspace-name-error']").TextContent, StringComparison.Ordinal);
            Assert.True(dialog.Find("[data-action='create-workspace']").HasAttribute("disabled"));
        });
        dialog.Find("form").Submit();
        Assert.Empty(await Get<IWorkspaceService>().ListAsync(includeArchived: true, cancellationToken: Ct));

        dialog.Find("[data-test='workspace-name']").Input("good-name");
        dialog.WaitForAssertion(() => Assert.Empty(dialog.FindAll("[data-test='workspace-name-error']")));
    }

    [Fact]
    public async Task A_name_whose_branch_exists_shows_the_error_and_leaves_nothing_behind()
    {
        using var repo = TestRepository.Create();
        repo.Git("branch", "taken");
        await Get<IProjectService>().AddAsync(repo.Path, "demo", Ct);
        var dialog = Render<NewWorkspaceDialog>();
        WaitForBranches(dialog);

        dialog.Find("[data-test='workspace-name']").Input("taken");
        dialog.Find("[data-action='create-workspace']").Click();

        dialog.WaitForAssertion(() => Assert.Contains("Branch 'taken' already exists", dialog.Find("[data-test='create-error']").TextContent, StringComparison.Ordinal), Wait);
        Assert.Empty(await Get<IWorkspaceService>().ListAsync(includeArchived: true, cancellationToken: Ct));
        Assert.Empty(await Get<IAgentTabs>().ListAsync(cancellationToken: Ct));
        Assert.DoesNotContain("/w/", Navigation.Uri, StringComparison.Ordinal);
        Assert.False(dialog.Find("[data-action='create-workspace']").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_failing_setup_shows_its_output_and_keeps_the_workspace()
    {
        using var repo = TestRepository.Create();
        repo.Commit("setup", (".grove/worktree.json", """{ "setup": [ "echo installing deps", "echo 'npm ERR! missing script' >&2; exit 3" ] }"""));
        await Get<IProjectService>().AddAsync(repo.Path, "demo", Ct);
        var dialog = Render<NewWorkspaceDialog>();
        WaitForBranches(dialog);

        dialog.Find("[data-test='workspace-name']").Input("needs-setup");
        dialog.Find("[data-action='create-workspace']").Click();

        dialog.WaitForAssertion(() =>
        {
            var output = dialog.Find("[data-test='setup-output']").TextContent;
            Assert.Contains("npm ERR! missing script", output, StringComparison.Ordinal);
            Assert.Contains("exit 3", output, StringComparison.Ordinal);
            Assert.Contains("installing deps", output, StringComparison.Ordinal);
        }, Wait);
        var workspace = await Get<IWorkspaceService>().ResolveAsync("demo/needs-setup", Ct);
        Assert.True(Directory.Exists(workspace.WorktreePath));
        Assert.DoesNotContain("/w/", Navigation.Uri, StringComparison.Ordinal);

        dialog.Find("[data-action='continue-workspace']").Click();

        var tab = Assert.Single(await Get<IAgentTabs>().ListAsync(workspace.Id, Ct));
        dialog.WaitForAssertion(() => Assert.EndsWith($"/w/{workspace.Id}/t/{tab.Id}", Navigation.Uri, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Adding_a_missing_folder_or_a_file_shows_the_error_inline()
    {
        using var scratch = new TempDirectory("grove-folders");
        var file = scratch.Combine("notes.txt");
        await File.WriteAllTextAsync(file, "not a folder", Ct);
        var dialog = Render<NewWorkspaceDialog>();

        dialog.WaitForAssertion(() => Assert.NotNull(dialog.Find("[data-test='add-folder-path']")));
        dialog.Find("[data-test='add-folder-path']").Input(scratch.Combine("missing"));
        dialog.Find("[data-action='add-folder']").Click();
        dialog.WaitForAssertion(() => Assert.Contains("does not exist", dialog.Find("[data-test='add-folder-error']").TextContent, StringComparison.Ordinal));

        dialog.WaitForElement("[data-test='add-folder-path']").Input(file);
        dialog.Find("[data-action='add-folder']").Click();
        dialog.WaitForAssertion(() => Assert.Contains("is a file", dialog.Find("[data-test='add-folder-error']").TextContent, StringComparison.Ordinal));

        Assert.Empty(await Get<IProjectService>().ListAsync(Ct));
        Assert.True(dialog.Find("[data-action='create-workspace']").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Adding_a_repository_selects_it_and_lists_its_branches()
    {
        using var existing = TestRepository.Create();
        using var repo = TestRepository.Create();
        repo.Git("branch", "release");
        await Get<IProjectService>().AddAsync(existing.Path, "first", Ct);
        var raised = new List<string>();
        Services.GetRequiredService<UiCommands>().Invoked += c =>
        {
            raised.Add(c);
            return Task.CompletedTask;
        };
        var dialog = Render<NewWorkspaceDialog>();
        WaitForBranches(dialog);

        dialog.Find("[data-action='toggle-add-folder']").Click();
        dialog.WaitForElement("[data-test='add-folder-path']").Input(repo.Path);
        dialog.Find("[data-action='add-folder']").Click();

        dialog.WaitForAssertion(() => Assert.Empty(dialog.FindAll("[data-test='add-folder-path']")));
        var project = (await Get<IProjectService>().ListAsync(Ct)).Single(p => p.Name != "first");
        dialog.WaitForAssertion(() =>
        {
            Assert.Equal(project.Id, dialog.Find("[data-test='project']").GetAttribute("value"));
            Assert.Contains("release", dialog.FindAll("[data-test='base-branch'] option").Select(o => o.GetAttribute("value")));
        });
        Assert.Equal([UiCommand.WorkspacesChanged], raised);
        Assert.Empty(dialog.FindAll("[data-test='add-folder-error']"));
    }

    [Fact]
    public async Task A_plain_folder_project_creates_a_local_workspace()
    {
        using var folder = new TempDirectory("grove-plain");
        await Get<IProjectService>().AddAsync(folder.Path, "notes", Ct);
        var dialog = Render<NewWorkspaceDialog>();

        dialog.WaitForAssertion(() => Assert.NotNull(dialog.Find("[data-test='not-a-repo']")));
        Assert.Empty(dialog.FindAll("[data-test='base-branch']"));
        Assert.Equal(nameof(WorkspaceMode.Local), dialog.Find("[data-test='workspace-mode']").GetAttribute("value"));
        dialog.Find("[data-test='workspace-name']").Input("jot");
        dialog.Find("[data-action='create-workspace']").Click();

        dialog.WaitForAssertion(() => Assert.Contains("/t/tab_", Navigation.Uri, StringComparison.Ordinal), Wait);
        var workspace = await Get<IWorkspaceService>().ResolveAsync("notes/jot", Ct);
        Assert.Equal(WorkspaceMode.Local, workspace.Mode);
    }

    [Fact]
    public async Task A_repository_without_commits_says_so_and_offers_local_mode()
    {
        using var folder = new TempDirectory("grove-empty-repo");
        TestGit.Run(folder.Path, "init", "--quiet", "--initial-branch=main");
        await Get<IProjectService>().AddAsync(folder.Path, "empty", Ct);
        var dialog = Render<NewWorkspaceDialog>();

        dialog.WaitForAssertion(() => Assert.Contains("'empty' has no commits yet", dialog.Find("[data-test='no-commits']").TextContent, StringComparison.Ordinal), Wait);
        Assert.Equal(nameof(WorkspaceMode.Local), dialog.Find("[data-test='workspace-mode']").GetAttribute("value"));

        dialog.Find("[data-test='workspace-mode']").Change(nameof(WorkspaceMode.Worktree));
        dialog.Find("[data-test='workspace-name']").Input("first");
        dialog.Find("[data-action='create-workspace']").Click();

        dialog.WaitForAssertion(() => Assert.Contains("'empty' has no commits yet", dialog.Find("[data-test='create-error']").TextContent, StringComparison.Ordinal), Wait);
        Assert.DoesNotContain("is not a branch", dialog.Markup, StringComparison.Ordinal);
        Assert.Empty(await Get<IWorkspaceService>().ListAsync(cancellationToken: Ct));
    }

    /// <summary>The dialog has loaded the project's branches and preselected one.</summary>
    private static void WaitForBranches(IRenderedComponent<NewWorkspaceDialog> dialog) =>
        dialog.WaitForAssertion(() => Assert.False(string.IsNullOrEmpty(dialog.Find("[data-test='base-branch']").GetAttribute("value"))), Wait);
}
