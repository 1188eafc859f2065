using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Data.Stores;
using Grove.Services.Workspaces;
using Grove.Testing;

namespace Grove.Services.Tests;

public sealed class WorkspaceCreationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_FetchesTheBaseFirst_SoTheWorktreeStartsFromTheRemotesNewestCommit()
    {
        using var repo = TestRepository.Create(withRemote: true);
        var newest = PushCommitFromAnotherClone(repo, "upstream.txt");
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        var progress = new List<string>();

        var result = await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "fresh" }, progress.Add, Ct);

        Assert.True(result.Fetch?.Fetched);
        Assert.Equal("origin/main", result.StartPoint);
        Assert.Equal(newest, TestGit.Run(result.Workspace.WorktreePath, "rev-parse", "HEAD").Trim());
        Assert.True(File.Exists(Path.Combine(result.Workspace.WorktreePath, "upstream.txt")));
        Assert.Contains(progress, p => p.Contains("fetching origin/main"));
        Assert.Equal("fresh", result.Workspace.Branch);
        Assert.Equal("main", result.Workspace.BaseBranch);
        Assert.Equal(Path.Combine(app.Paths.WorktreesRoot, "repo", "fresh"), result.Workspace.WorktreePath);
    }

    [Fact]
    public async Task Create_Offline_WarnsAndUsesTheLocalBase()
    {
        using var repo = TestRepository.Create(withRemote: true);
        repo.Git("remote", "set-url", "origin", Path.Combine(repo.Scratch("gone"), "missing.git"));
        var localHead = repo.Git("rev-parse", "main").Trim();
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);

        var result = await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "offline" }, cancellationToken: Ct);

        Assert.False(result.Fetch?.Fetched);
        Assert.NotEmpty(result.Warnings);
        Assert.Equal(localHead, TestGit.Run(result.Workspace.WorktreePath, "rev-parse", "HEAD").Trim());
    }

    [Fact]
    public async Task Create_WithoutName_GeneratesAReadableNameAndBranch()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);

        var result = await app.Workspaces.CreateAsync(new() { Project = project.Name }, cancellationToken: Ct);

        Assert.Matches("^[a-z]+-[a-z]+-[0-9a-f]{4}$", result.Workspace.Name);
        Assert.Equal(result.Workspace.Name, TestGit.Run(result.Workspace.WorktreePath, "branch", "--show-current").Trim());
    }

    [Fact]
    public async Task Create_FromACommitAndACustomPath_Works()
    {
        using var repo = TestRepository.Create();
        var first = repo.Git("rev-parse", "HEAD").Trim();
        repo.Commit("second", ("later.txt", "x"));
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        var path = Path.Combine(repo.Scratch("custom"), "ws");

        var result = await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "old", Base = first, Path = path }, cancellationToken: Ct);

        Assert.Equal(path, result.Workspace.WorktreePath);
        Assert.Equal(first, TestGit.Run(path, "rev-parse", "HEAD").Trim());
        Assert.False(File.Exists(Path.Combine(path, "later.txt")));
    }

    [Theory]
    [InlineData("existing", ErrorKind.AlreadyExists)]
    [InlineData("bad..name", ErrorKind.InvalidInput)]
    [InlineData("-evil", ErrorKind.InvalidInput)]
    [InlineData("has space", ErrorKind.InvalidInput)]
    public async Task Create_WithAnUnusableBranch_FailsAndCreatesNothing(string branch, ErrorKind expected)
    {
        using var repo = TestRepository.Create();
        repo.Git("branch", "existing");
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);

        var ex = await Assert.ThrowsAsync<GroveException>(() => app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "ws1", Branch = branch }, cancellationToken: Ct));

        Assert.Equal(expected, ex.Kind);
        await AssertNothingCreatedAsync(app, repo, "ws1");
    }

    [Fact]
    public async Task Create_WhenThePathExists_FailsAndLeavesTheFolderAlone()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        var path = Path.Combine(repo.Scratch("taken"), "ws");
        Directory.CreateDirectory(path);
        await File.WriteAllTextAsync(Path.Combine(path, "keep.txt"), "mine", Ct);

        var ex = await Assert.ThrowsAsync<GroveException>(() => app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "ws1", Path = path }, cancellationToken: Ct));

        Assert.Equal(ErrorKind.AlreadyExists, ex.Kind);
        Assert.Equal("mine", await File.ReadAllTextAsync(Path.Combine(path, "keep.txt"), Ct));
        Assert.Empty(repo.Git("branch", "--list", "ws1"));
    }

    [Fact]
    public async Task Create_SameNameTwice_IsAlreadyExists()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "twice" }, cancellationToken: Ct);

        var ex = await Assert.ThrowsAsync<GroveException>(() => app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "twice", Branch = "other" }, cancellationToken: Ct));

        Assert.Equal(ErrorKind.AlreadyExists, ex.Kind);
        Assert.Empty(repo.Git("branch", "--list", "other"));
    }

    [Fact]
    public async Task Create_WhenStoringTheRowFails_TheWorktreeAndBranchAreUndone()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync(services => TestApp.Decorate<IWorkspaceStore>(services, inner => new FailingWorkspaceStore(inner)));
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);

        var ex = await Assert.ThrowsAsync<GroveException>(() => app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "doomed" }, cancellationToken: Ct));

        Assert.Equal(ErrorKind.Storage, ex.Kind);
        await AssertNothingCreatedAsync(app, repo, "doomed");
    }

    [Fact]
    public async Task Create_CancelledMidWay_LeavesNoWorktreeBranchOrRow()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => app.Workspaces.CreateAsync(
            new() { Project = project.Name, Name = "cancelled" },
            message =>
            {
                if (message.StartsWith("creating worktree", StringComparison.Ordinal))
                {
                    cts.Cancel();
                }
            },
            cts.Token));

        await AssertNothingCreatedAsync(app, repo, "cancelled");
    }

    [Fact]
    public async Task Create_InAPlainFolder_MakesALocalWorkspaceInTheFolderItself()
    {
        using var folder = new TempDirectory("plain");
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(folder.Path, cancellationToken: Ct);

        var result = await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "here" }, cancellationToken: Ct);

        Assert.Equal(WorkspaceMode.Local, result.Workspace.Mode);
        Assert.Equal(folder.Path, result.Workspace.WorktreePath);
        Assert.Contains(result.Warnings, w => w.Contains("local mode"));
    }

    internal static string PushCommitFromAnotherClone(TestRepository repo, string file)
    {
        var clone = Path.Combine(repo.Scratch("other"), "clone");
        TestGit.Run(repo.Scratch("other"), "clone", "-q", repo.RemotePath!, clone);
        File.WriteAllText(Path.Combine(clone, file), "from upstream\n");
        TestGit.Run(clone, "add", "-A");
        TestGit.Run(clone, "commit", "-q", "-m", "upstream change");
        TestGit.Run(clone, "push", "-q", "origin", "main");
        return TestGit.Run(clone, "rev-parse", "HEAD").Trim();
    }

    internal static async Task AssertNothingCreatedAsync(TestApp app, TestRepository repo, string name)
    {
        Assert.Empty(await app.Workspaces.ListAsync(includeArchived: true, cancellationToken: Ct));
        Assert.Empty(repo.Git("branch", "--list", name));
        var worktrees = repo.Git("worktree", "list", "--porcelain");
        Assert.Single(worktrees.Split('\n'), l => l.StartsWith("worktree ", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(app.Paths.WorktreesRoot, "repo", name)));
    }

    private sealed class FailingWorkspaceStore(IWorkspaceStore inner) : IWorkspaceStore
    {
        public Task AddAsync(Workspace workspace, CancellationToken cancellationToken = default) =>
            throw new GroveException(ErrorKind.Storage, "disk full (simulated)");

        public Task<Workspace?> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

        public Task<Workspace?> FindByNameAsync(string projectId, string name, CancellationToken cancellationToken = default) => inner.FindByNameAsync(projectId, name, cancellationToken);

        public Task<IReadOnlyList<Workspace>> ListAsync(string? projectId = null, bool includeArchived = false, CancellationToken cancellationToken = default) => inner.ListAsync(projectId, includeArchived, cancellationToken);

        public Task UpdateAsync(Workspace workspace, CancellationToken cancellationToken = default) => inner.UpdateAsync(workspace, cancellationToken);

        public Task SetPullRequestAsync(string id, WorkspacePullRequest? pullRequest, CancellationToken cancellationToken = default) => inner.SetPullRequestAsync(id, pullRequest, cancellationToken);

        public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) => inner.DeleteAsync(id, cancellationToken);
    }
}
