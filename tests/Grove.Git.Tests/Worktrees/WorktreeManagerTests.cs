using Grove.Core.Errors;
using Grove.Testing;

namespace Grove.Git.Tests.Worktrees;

public sealed class WorktreeManagerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Adds_a_worktree_on_a_new_branch_from_a_local_branch()
    {
        using var repo = TestRepository.Create();
        var manager = new GitTestServices().Worktrees;
        var path = Path.Combine(repo.Scratch("worktrees"), "ws one");

        await manager.AddWithNewBranchAsync(repo.Path, path, "grove/ws-1", "main", Token);

        Assert.Equal("# test repo\n", File.ReadAllText(Path.Combine(path, "README.md")));
        Assert.Equal("grove/ws-1\n", TestGit.Run(path, "branch", "--show-current"));
        Assert.Equal(repo.Git("rev-parse", "main"), TestGit.Run(path, "rev-parse", "HEAD"));
        Assert.True(File.Exists(Path.Combine(path, ".git")), "a linked worktree has a .git file");
    }

    [Fact]
    public async Task Adds_a_worktree_from_origin_after_fetching_a_new_commit()
    {
        using var repo = TestRepository.Create(withRemote: true);
        var newSha = PushCommitFromAnotherClone(repo);
        var manager = new GitTestServices().Worktrees;
        var progress = new List<string>();

        var outcome = await manager.FetchAsync(repo.Path, "origin", "main", TimeSpan.FromSeconds(30), progress.Add, Token);
        var path = Path.Combine(repo.Scratch("worktrees"), "ws");
        await manager.AddWithNewBranchAsync(repo.Path, path, "grove/from-origin", "origin/main", Token);

        Assert.Equal(new(true, null), outcome);
        Assert.NotEmpty(progress);
        Assert.Equal(newSha, await manager.ResolveCommitAsync(repo.Path, "origin/main", Token));
        Assert.Equal(newSha + "\n", TestGit.Run(path, "rev-parse", "HEAD"));
        Assert.Equal("from elsewhere\n", File.ReadAllText(Path.Combine(path, "other.txt")));
        Assert.True(string.IsNullOrEmpty(TestGit.TryRun(path, "config", "branch.grove/from-origin.remote").StandardOutput),
            "--no-track: the new branch does not track origin/main");
    }

    [Fact]
    public async Task A_relative_worktree_path_is_taken_from_the_repository()
    {
        using var repo = TestRepository.Create();
        var manager = new GitTestServices().Worktrees;

        await manager.AddWithNewBranchAsync(repo.Path, "../relative-ws", "grove/relative", "main", Token);

        var expected = Path.GetFullPath(Path.Combine(repo.Path, "..", "relative-ws"));
        Assert.True(File.Exists(Path.Combine(expected, "README.md")));
        Assert.Contains(await manager.ListAsync(repo.Path, Token), e => e.Path == expected);
        await manager.RemoveAsync(repo.Path, "../relative-ws", force: false, Token);
        Assert.False(Directory.Exists(expected));
    }

    [Fact]
    public async Task Fetch_from_a_missing_remote_returns_a_warning()
    {
        using var repo = TestRepository.Create();
        var manager = new GitTestServices().Worktrees;

        var outcome = await manager.FetchAsync(repo.Path, "origin", "main", TimeSpan.FromSeconds(30), null, Token);

        Assert.False(outcome.Fetched);
        Assert.Contains("origin", outcome.Warning);
        Assert.Contains("using the local copy", outcome.Warning);
    }

    [Fact]
    public async Task Fetch_from_an_unreachable_remote_returns_a_warning()
    {
        using var repo = TestRepository.Create(withRemote: true);
        Directory.Delete(repo.RemotePath!, recursive: true);
        var manager = new GitTestServices().Worktrees;

        var outcome = await manager.FetchAsync(repo.Path, "origin", "main", TimeSpan.FromSeconds(30), null, Token);

        Assert.False(outcome.Fetched);
        Assert.NotNull(outcome.Warning);
    }

    [Fact]
    public async Task A_fetch_that_takes_too_long_is_stopped_and_returns_a_warning()
    {
        using var folder = new TempDirectory();
        var script = FakeGitScript.Create(folder, "exec sleep 300\n");
        var manager = new GitTestServices(o => o.Executable = script).Worktrees;

        var outcome = await manager.FetchAsync(folder.Path, "origin", "main", TimeSpan.FromMilliseconds(500), null, Token);

        Assert.False(outcome.Fetched);
        Assert.Contains("took longer than", outcome.Warning);
    }

    [Fact]
    public async Task An_existing_branch_name_is_AlreadyExists()
    {
        using var repo = TestRepository.Create();
        repo.Git("branch", "taken");
        var manager = new GitTestServices().Worktrees;

        var ex = await Assert.ThrowsAsync<GroveException>(() =>
            manager.AddWithNewBranchAsync(repo.Path, Path.Combine(repo.Scratch("wt"), "a"), "taken", "main", Token));

        Assert.Equal(ErrorKind.AlreadyExists, ex.Kind);
    }

    [Fact]
    public async Task An_existing_folder_is_AlreadyExists()
    {
        using var repo = TestRepository.Create();
        var path = repo.Scratch("occupied");
        File.WriteAllText(Path.Combine(path, "file.txt"), "x");
        var manager = new GitTestServices().Worktrees;

        var ex = await Assert.ThrowsAsync<GitCommandException>(() =>
            manager.AddWithNewBranchAsync(repo.Path, path, "fresh", "main", Token));

        Assert.Equal(ErrorKind.AlreadyExists, ex.Kind);
    }

    [Fact]
    public async Task Invalid_branch_names_are_refused_before_git_runs_worktree_add()
    {
        using var repo = TestRepository.Create();
        var manager = new GitTestServices().Worktrees;

        var ex = await Assert.ThrowsAsync<GroveException>(() =>
            manager.AddWithNewBranchAsync(repo.Path, Path.Combine(repo.Scratch("wt"), "a"), "-evil", "main", Token));

        Assert.Equal(ErrorKind.InvalidInput, ex.Kind);
        Assert.Single(await manager.ListAsync(repo.Path, Token));
    }

    private static string PushCommitFromAnotherClone(TestRepository repo)
    {
        var other = repo.Scratch("other");
        TestGit.Run(other, "clone", "-q", repo.RemotePath!, "clone");
        var clone = Path.Combine(other, "clone");
        File.WriteAllText(Path.Combine(clone, "other.txt"), "from elsewhere\n");
        TestGit.Run(clone, "add", "other.txt");
        TestGit.Run(clone, "commit", "-q", "-m", "from another clone");
        TestGit.Run(clone, "push", "-q", "origin", "main");
        return TestGit.Run(clone, "rev-parse", "HEAD").Trim();
    }
}
