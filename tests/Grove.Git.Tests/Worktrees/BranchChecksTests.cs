using Grove.Testing;

namespace Grove.Git.Tests.Worktrees;

public sealed class BranchChecksTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("grove/feature-1", true)]
    [InlineData("fix_ünïcode", true)]
    [InlineData("-evil", false)]
    [InlineData("--upload-pack=evil", false)]
    [InlineData("has space", false)]
    [InlineData("a..b", false)]
    [InlineData("ends.lock", false)]
    [InlineData("trailing/", false)]
    [InlineData("@{-1}", false)]
    [InlineData("new\nline", false)]
    [InlineData("", false)]
    [InlineData("HEAD", false)]
    public async Task Validates_branch_names(string name, bool valid)
    {
        using var repo = TestRepository.Create();
        var manager = new GitTestServices().Worktrees;

        Assert.Equal(valid, await manager.IsValidBranchNameAsync(repo.Path, name, Token));
    }

    [Fact]
    public async Task BranchExists_and_DeleteBranch()
    {
        using var repo = TestRepository.Create();
        repo.Git("branch", "topic");
        var manager = new GitTestServices().Worktrees;

        Assert.True(await manager.BranchExistsAsync(repo.Path, "topic", Token));
        Assert.False(await manager.BranchExistsAsync(repo.Path, "nope", Token));
        Assert.False(await manager.BranchExistsAsync(repo.Path, "-topic", Token));

        await manager.DeleteBranchAsync(repo.Path, "topic", force: false, Token);

        Assert.False(await manager.BranchExistsAsync(repo.Path, "topic", Token));
    }

    [Fact]
    public async Task Unmerged_branch_needs_force_to_delete()
    {
        using var repo = TestRepository.Create();
        repo.Git("switch", "-q", "-c", "unmerged");
        repo.Commit("only here", ("x.txt", "x"));
        repo.Git("switch", "-q", "main");
        var manager = new GitTestServices().Worktrees;

        await Assert.ThrowsAsync<Grove.Core.Errors.GitCommandException>(() => manager.DeleteBranchAsync(repo.Path, "unmerged", force: false, Token));
        await manager.DeleteBranchAsync(repo.Path, "unmerged", force: true, Token);

        Assert.False(await manager.BranchExistsAsync(repo.Path, "unmerged", Token));
    }

    [Fact]
    public async Task ResolveCommit_names_commits_or_null()
    {
        using var repo = TestRepository.Create();
        var head = repo.Git("rev-parse", "HEAD").Trim();
        repo.Git("tag", "-a", "v1", "-m", "annotated");
        var manager = new GitTestServices().Worktrees;

        Assert.Equal(head, await manager.ResolveCommitAsync(repo.Path, "main", Token));
        Assert.Equal(head, await manager.ResolveCommitAsync(repo.Path, "v1", Token));
        Assert.Equal(head, await manager.ResolveCommitAsync(repo.Path, head[..8], Token));
        Assert.Null(await manager.ResolveCommitAsync(repo.Path, "missing", Token));
        Assert.Null(await manager.ResolveCommitAsync(repo.Path, "-main", Token));
    }
}
