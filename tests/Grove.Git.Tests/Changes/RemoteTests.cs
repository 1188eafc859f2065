using Grove.Core.Errors;
using Grove.Testing;

namespace Grove.Git.Tests.Changes;

public sealed class RemoteTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task First_push_creates_the_remote_branch_and_sets_upstream()
    {
        using var repo = TestRepository.Create(withRemote: true);
        repo.Git("switch", "-q", "-c", "grove/feature");
        var sha = repo.Commit("feature work", ("feature.txt", "f\n"));
        var writer = new GitTestServices().Writer;
        var progress = new List<string>();

        await writer.PushAsync(repo.Path, onProgress: progress.Add, cancellationToken: Token);

        Assert.Equal(sha + "\n", TestGit.Run(repo.RemotePath!, "rev-parse", "refs/heads/grove/feature"));
        Assert.Equal("origin/grove/feature\n", repo.Git("rev-parse", "--abbrev-ref", "grove/feature@{upstream}"));
        Assert.NotEmpty(progress);
    }

    [Fact]
    public async Task Later_pushes_go_to_the_upstream()
    {
        using var repo = TestRepository.Create(withRemote: true);
        var writer = new GitTestServices().Writer;
        var sha = repo.Commit("more", ("more.txt", "m\n"));

        await writer.PushAsync(repo.Path, cancellationToken: Token);

        Assert.Equal(sha + "\n", TestGit.Run(repo.RemotePath!, "rev-parse", "refs/heads/main"));
    }

    [Fact]
    public async Task Pull_rebase_replays_local_commits_on_top_and_keeps_local_edits()
    {
        using var repo = TestRepository.Create(withRemote: true);
        var other = Path.Combine(repo.Scratch("other"), "clone");
        TestGit.Run(repo.Scratch("other"), "clone", "-q", repo.RemotePath!, "clone");
        File.WriteAllText(Path.Combine(other, "theirs.txt"), "theirs\n");
        TestGit.Run(other, "add", "theirs.txt");
        TestGit.Run(other, "commit", "-q", "-m", "theirs");
        TestGit.Run(other, "push", "-q", "origin", "main");
        var theirs = TestGit.Run(other, "rev-parse", "HEAD").Trim();
        repo.Commit("mine", ("mine.txt", "mine\n"));
        repo.WriteFile("README.md", "uncommitted edit\n");
        var writer = new GitTestServices().Writer;

        await writer.PullRebaseAsync(repo.Path, Token);

        Assert.Equal(theirs + "\n", repo.Git("rev-parse", "HEAD~1"));
        Assert.Equal("mine\n", repo.Git("log", "-1", "--format=%s"));
        Assert.Equal("uncommitted edit\n", File.ReadAllText(Path.Combine(repo.Path, "README.md")));
        Assert.True(File.Exists(Path.Combine(repo.Path, "theirs.txt")));
    }

    [Fact]
    public async Task Force_push_is_refused_on_main_unless_confirmed()
    {
        using var repo = TestRepository.Create(withRemote: true);
        repo.Git("commit", "-q", "--amend", "-m", "rewritten");
        var rewritten = repo.Git("rev-parse", "HEAD");
        var before = TestGit.Run(repo.RemotePath!, "rev-parse", "main");
        var writer = new GitTestServices().Writer;

        var ex = await Assert.ThrowsAsync<GroveException>(() => writer.ForcePushWithLeaseAsync(repo.Path, cancellationToken: Token));
        Assert.Equal(ErrorKind.Conflict, ex.Kind);
        Assert.Equal(before, TestGit.Run(repo.RemotePath!, "rev-parse", "main"));

        await writer.ForcePushWithLeaseAsync(repo.Path, confirmProtected: true, cancellationToken: Token);
        Assert.Equal(rewritten, TestGit.Run(repo.RemotePath!, "rev-parse", "main"));
    }

    [Fact]
    public async Task Force_push_on_a_feature_branch_needs_no_confirmation()
    {
        using var repo = TestRepository.Create(withRemote: true);
        repo.Git("switch", "-q", "-c", "grove/rewrite");
        repo.Commit("first", ("a.txt", "a\n"));
        repo.Git("push", "-q", "-u", "origin", "grove/rewrite");
        repo.Git("commit", "-q", "--amend", "-m", "amended");
        var writer = new GitTestServices().Writer;

        await writer.ForcePushWithLeaseAsync(repo.Path, cancellationToken: Token);

        Assert.Equal(repo.Git("rev-parse", "HEAD"), TestGit.Run(repo.RemotePath!, "rev-parse", "grove/rewrite"));
    }

    [Fact]
    public async Task Force_push_with_lease_fails_when_the_remote_moved_unseen()
    {
        using var repo = TestRepository.Create(withRemote: true);
        repo.Git("switch", "-q", "-c", "grove/lease");
        repo.Commit("first", ("a.txt", "a\n"));
        repo.Git("push", "-q", "-u", "origin", "grove/lease");
        var other = Path.Combine(repo.Scratch("other"), "clone");
        TestGit.Run(repo.Scratch("other"), "clone", "-q", "-b", "grove/lease", repo.RemotePath!, "clone");
        File.WriteAllText(Path.Combine(other, "b.txt"), "b\n");
        TestGit.Run(other, "add", "b.txt");
        TestGit.Run(other, "commit", "-q", "-m", "someone else");
        TestGit.Run(other, "push", "-q", "origin", "grove/lease");
        var theirs = TestGit.Run(other, "rev-parse", "HEAD");
        repo.Git("commit", "-q", "--amend", "-m", "amended");
        var writer = new GitTestServices().Writer;

        await Assert.ThrowsAsync<GitCommandException>(() => writer.ForcePushWithLeaseAsync(repo.Path, cancellationToken: Token));

        Assert.Equal(theirs, TestGit.Run(repo.RemotePath!, "rev-parse", "grove/lease"));
    }

    [Fact]
    public async Task Push_from_a_detached_head_is_a_Conflict()
    {
        using var repo = TestRepository.Create(withRemote: true);
        repo.Git("switch", "-q", "--detach", "HEAD");
        var writer = new GitTestServices().Writer;

        var ex = await Assert.ThrowsAsync<GroveException>(() => writer.PushAsync(repo.Path, cancellationToken: Token));

        Assert.Equal(ErrorKind.Conflict, ex.Kind);
    }
}
