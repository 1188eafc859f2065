using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Data.Stores;
using Grove.Data.Tests.TestServices;

namespace Grove.Data.Tests;

public sealed class WorkspaceStoreTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Added_workspace_round_trips_every_field()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var project = await db.AddProjectAsync("grove", Token);
        var workspace = new Workspace
        {
            Id = Ids.NewWorkspaceId(),
            ProjectId = project.Id,
            Name = "fix-login",
            Mode = WorkspaceMode.Local,
            WorktreePath = "/wt/grove/fix-login",
            Branch = "grove/fix-login",
            BaseBranch = "main",
            CreatedAt = TestTimeProvider.DefaultStart,
            UpdatedAt = TestTimeProvider.DefaultStart.AddSeconds(1),
            ArchivedAt = TestTimeProvider.DefaultStart.AddSeconds(2),
            PrUrl = "https://github.com/acme/grove/pull/7",
            PrNumber = 7,
            PrState = "open",
        };

        await db.Stores.Workspaces.AddAsync(workspace, Token);

        Assert.Equal(workspace, await db.Stores.Workspaces.GetAsync(workspace.Id, Token));
        Assert.Equal(workspace, await db.Stores.Workspaces.FindByNameAsync(project.Id, "fix-login", Token));
        Assert.Equal("local", await db.ScalarAsync("SELECT mode FROM workspaces;", Token));
    }

    [Fact]
    public async Task SetPullRequest_stores_the_pr_columns_only_and_null_forgets_them()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var project = await db.AddProjectAsync("grove", Token);
        var workspace = await db.AddWorkspaceAsync(project, "feature", Token);
        var checkedAt = TestTimeProvider.DefaultStart.AddMinutes(5);

        await db.Stores.Workspaces.SetPullRequestAsync(workspace.Id, new WorkspacePullRequest(7, "https://github.com/acme/grove/pull/7", "open", "abc123", checkedAt), Token);
        var stored = await db.Stores.Workspaces.GetAsync(workspace.Id, Token);
        await db.Stores.Workspaces.UpdateAsync(stored! with { Name = "renamed" }, Token);
        var renamed = await db.Stores.Workspaces.GetAsync(workspace.Id, Token);
        await db.Stores.Workspaces.SetPullRequestAsync(workspace.Id, null, Token);
        var cleared = await db.Stores.Workspaces.GetAsync(workspace.Id, Token);

        Assert.Equal((7, "https://github.com/acme/grove/pull/7", "open", "abc123", (DateTimeOffset?)checkedAt), (stored!.PrNumber, stored.PrUrl, stored.PrState, stored.PrHeadSha, stored.PrCheckedAt));
        Assert.Equal(workspace with { PrNumber = 7, PrUrl = stored.PrUrl, PrState = "open", PrHeadSha = "abc123", PrCheckedAt = checkedAt }, stored);
        Assert.Equal(("renamed", "abc123"), (renamed!.Name, renamed.PrHeadSha));
        Assert.Equal((null, null, null, null, null), (cleared!.PrNumber, cleared.PrUrl, cleared.PrState, cleared.PrHeadSha, cleared.PrCheckedAt));
        await Assert.ThrowsAsync<GroveException>(() => db.Stores.Workspaces.SetPullRequestAsync("ws_missing", null, Token));
    }

    [Fact]
    public async Task SetPullRequest_stores_the_checks_counts_and_null_counts_read_as_unknown()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var project = await db.AddProjectAsync("grove", Token);
        var workspace = await db.AddWorkspaceAsync(project, "feature", Token);
        var checkedAt = TestTimeProvider.DefaultStart.AddMinutes(5);

        await db.Stores.Workspaces.SetPullRequestAsync(workspace.Id, new WorkspacePullRequest(7, "https://github.com/acme/grove/pull/7", "open", "abc", checkedAt, new PullRequestChecksCount(3, 1, 2)), Token);
        var withChecks = await db.Stores.Workspaces.GetAsync(workspace.Id, Token);
        var listed = (await db.Stores.Workspaces.ListAsync(project.Id, cancellationToken: Token)).Single();
        await db.Stores.Workspaces.SetPullRequestAsync(workspace.Id, new WorkspacePullRequest(7, "https://github.com/acme/grove/pull/7", "open", "abc", checkedAt), Token);
        var unknown = await db.Stores.Workspaces.GetAsync(workspace.Id, Token);

        Assert.Equal(new PullRequestChecksCount(3, 1, 2), withChecks!.PrChecks);
        Assert.Equal("failed", withChecks.PrChecks!.Outcome);
        Assert.Equal(new PullRequestChecksCount(3, 1, 2), listed.PrChecks);
        Assert.Null(unknown!.PrChecks);
    }

    [Fact]
    public async Task Name_is_unique_per_project_but_reusable_across_projects()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var one = await db.AddProjectAsync("one", Token);
        var two = await db.AddProjectAsync("two", Token);
        await db.AddWorkspaceAsync(one, "feature", Token);
        await db.AddWorkspaceAsync(two, "feature", Token);

        var error = await Assert.ThrowsAsync<GroveException>(() => db.AddWorkspaceAsync(one, "Feature", Token));

        Assert.Equal(ErrorKind.AlreadyExists, error.Kind);
        Assert.Equal("The project already has a workspace named 'Feature'.", error.Message);
        Assert.Equal(2, (await db.Stores.Workspaces.ListAsync(includeArchived: true, cancellationToken: Token)).Count);
    }

    [Fact]
    public async Task Workspace_for_a_missing_project_is_NotFound()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var orphan = new Workspace { Id = Ids.NewWorkspaceId(), ProjectId = "prj_missing", Name = "x", WorktreePath = "/x" };

        var error = await Assert.ThrowsAsync<GroveException>(() => db.Stores.Workspaces.AddAsync(orphan, Token));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("Project 'prj_missing' does not exist.", error.Message);
    }

    [Fact]
    public async Task List_filters_by_project_and_hides_archived_unless_asked()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var one = await db.AddProjectAsync("one", Token);
        var two = await db.AddProjectAsync("two", Token);
        var active = await db.AddWorkspaceAsync(one, "active", Token);
        db.Clock.Advance(TimeSpan.FromSeconds(1));
        var archived = await db.AddWorkspaceAsync(one, "archived", Token);
        await db.Stores.Workspaces.UpdateAsync(archived with { ArchivedAt = db.Clock.GetUtcNow() }, Token);
        var other = await db.AddWorkspaceAsync(two, "other", Token);

        var visible = await db.Stores.Workspaces.ListAsync(one.Id, cancellationToken: Token);
        var all = await db.Stores.Workspaces.ListAsync(one.Id, includeArchived: true, cancellationToken: Token);
        var everywhere = await db.Stores.Workspaces.ListAsync(cancellationToken: Token);

        Assert.Equal([active.Id], visible.Select(w => w.Id));
        Assert.Equal([active.Id, archived.Id], all.Select(w => w.Id));
        Assert.Equal([active.Id, other.Id], everywhere.Select(w => w.Id));
        Assert.True(all[1].IsArchived);
    }

    [Fact]
    public async Task Update_records_pull_request_and_missing_workspace_is_NotFound()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var project = await db.AddProjectAsync("grove", Token);
        var workspace = await db.AddWorkspaceAsync(project, "pr", Token);

        await db.Stores.Workspaces.UpdateAsync(workspace with { PrNumber = 42, PrUrl = "https://x/42", PrState = "merged" }, Token);
        var stored = await db.Stores.Workspaces.GetAsync(workspace.Id, Token);
        var missing = await Assert.ThrowsAsync<GroveException>(() => db.Stores.Workspaces.UpdateAsync(workspace with { Id = "ws_gone" }, Token));

        Assert.Equal((42, "merged"), (stored!.PrNumber!.Value, stored.PrState!));
        Assert.Equal(ErrorKind.NotFound, missing.Kind);
    }

    [Fact]
    public async Task Delete_removes_only_that_workspace()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var project = await db.AddProjectAsync("grove", Token);
        var gone = await db.AddWorkspaceAsync(project, "gone", Token);
        var kept = await db.AddWorkspaceAsync(project, "kept", Token);

        Assert.True(await db.Stores.Workspaces.DeleteAsync(gone.Id, Token));
        Assert.False(await db.Stores.Workspaces.DeleteAsync(gone.Id, Token));
        Assert.Equal([kept.Id], (await db.Stores.Workspaces.ListAsync(project.Id, cancellationToken: Token)).Select(w => w.Id));
    }
}
