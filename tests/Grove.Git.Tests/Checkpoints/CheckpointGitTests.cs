using Grove.Git.Checkpoints;
using Grove.Testing;

namespace Grove.Git.Tests.Checkpoints;

public sealed class CheckpointGitTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CheckpointAndRestore_PutStagedUnstagedUntrackedAndDeletedFilesBack_LeavingIndexAndHeadAlone()
    {
        using var repo = TestRepository.Create();
        repo.Commit("files", ("staged.txt", "one\n"), ("unstaged.txt", "one\n"), ("deleted.txt", "keep me\n"), ("kept.txt", "same\n"), (".gitignore", "*.log\n"));
        repo.WriteFile("staged.txt", "staged change\n");
        repo.Git("add", "staged.txt");
        repo.WriteFile("unstaged.txt", "unstaged change\n");
        repo.WriteFile("untracked/new.txt", "untracked\n");
        File.Delete(Path.Combine(repo.Path, "deleted.txt"));
        repo.WriteFile("build.log", "ignored before\n");
        var head = repo.Git("rev-parse", "HEAD");
        var cached = repo.Git("diff", "--cached");
        var status = repo.Git("status", "--porcelain");
        var checkpoints = new CheckpointGit(new GitTestServices().Runner);

        var checkpoint = await checkpoints.CreateAsync(repo.Path, "tab_1", "seq=4 Fix the bug", At, Ct);

        // The checkpoint itself changed nothing the user can see.
        Assert.Equal(head, repo.Git("rev-parse", "HEAD"));
        Assert.Equal(cached, repo.Git("diff", "--cached"));
        Assert.Equal(status, repo.Git("status", "--porcelain"));
        Assert.Equal(1, checkpoint.Number);
        Assert.Equal("refs/grove/checkpoints/tab_1/1", checkpoint.Ref);
        Assert.Equal(head, repo.Git("rev-parse", checkpoint.Commit + "^1"));
        var files = repo.Git("ls-tree", "-r", "--name-only", checkpoint.Commit).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Subset(files.ToHashSet(), new HashSet<string> { ".gitignore", "kept.txt", "staged.txt", "unstaged.txt", "untracked/new.txt" });
        Assert.DoesNotContain("deleted.txt", files);
        Assert.DoesNotContain("build.log", files);
        Assert.Equal("unstaged change\n", repo.Git("show", checkpoint.Commit + ":unstaged.txt"));

        // An agent's turn: edits, deletes, creates (also in a new folder), changes an ignored file.
        repo.WriteFile("staged.txt", "agent\n");
        repo.WriteFile("unstaged.txt", "agent\n");
        File.Delete(Path.Combine(repo.Path, "untracked", "new.txt"));
        repo.WriteFile("deleted.txt", "agent recreated\n");
        repo.WriteFile("created/deep/file.txt", "agent made this\n");
        repo.WriteFile("build.log", "ignored after\n");

        var preview = await checkpoints.DiffAsync(repo.Path, await checkpoints.SnapshotTreeAsync(repo.Path, Ct), checkpoint.Tree, Ct);
        var restored = await checkpoints.RestoreAsync(repo.Path, checkpoint, Ct);

        Assert.Equal(preview, restored);
        Assert.Equal(
            ["A untracked/new.txt", "D created/deep/file.txt", "D deleted.txt", "M staged.txt", "M unstaged.txt"],
            restored.Select(c => $"{c.Status} {c.Path}").Order(StringComparer.Ordinal).ToArray());
        Assert.Equal("staged change\n", File.ReadAllText(Path.Combine(repo.Path, "staged.txt")));
        Assert.Equal("unstaged change\n", File.ReadAllText(Path.Combine(repo.Path, "unstaged.txt")));
        Assert.Equal("untracked\n", File.ReadAllText(Path.Combine(repo.Path, "untracked", "new.txt")));
        Assert.False(File.Exists(Path.Combine(repo.Path, "deleted.txt")));
        Assert.False(Directory.Exists(Path.Combine(repo.Path, "created")));
        Assert.Equal("ignored after\n", File.ReadAllText(Path.Combine(repo.Path, "build.log")));
        Assert.Equal(head, repo.Git("rev-parse", "HEAD"));
        Assert.Equal(cached, repo.Git("diff", "--cached"));
        Assert.Equal(status, repo.Git("status", "--porcelain"));
    }

    [Fact]
    public async Task NothingChanged_ReusesThePreviousCommit_AndNumbersCountUp()
    {
        using var repo = TestRepository.Create();
        var counting = new CountingGitRunner(new GitTestServices().Runner);
        var checkpoints = new CheckpointGit(counting);

        var first = await checkpoints.CreateAsync(repo.Path, "tab_a", "seq=0 first", At, Ct);
        var commitsBefore = counting.Count("commit-tree");
        var second = await checkpoints.CreateAsync(repo.Path, "tab_a", "seq=5 second", At.AddMinutes(1), Ct);
        repo.WriteFile("new.txt", "x");
        var third = await checkpoints.CreateAsync(repo.Path, "tab_a", "seq=9 third", At.AddMinutes(2), Ct);

        Assert.Equal(first.Commit, second.Commit);
        Assert.Equal(commitsBefore + 1, counting.Count("commit-tree"));
        Assert.NotEqual(second.Commit, third.Commit);
        var listed = await checkpoints.ListAsync(repo.Path, "tab_a", Ct);
        Assert.Equal([1, 2, 3], listed.Select(c => c.Number).ToArray());
        Assert.Equal("seq=9 third", listed[2].Note);
        Assert.Equal(At.AddMinutes(2), listed[2].CreatedAt);
        Assert.Empty(await checkpoints.ListAsync(repo.Path, "tab_b", Ct));
    }

    [Fact]
    public async Task Checkpoints_AreNotInTheBranchLog_NorPushed_AndGoWithTheirOwner()
    {
        using var repo = TestRepository.Create(withRemote: true);
        var checkpoints = new CheckpointGit(new GitTestServices().Runner);
        repo.WriteFile("work.txt", "in progress\n");
        var checkpoint = await checkpoints.CreateAsync(repo.Path, "tab_p", "seq=0 push me not", At, Ct);
        repo.Commit("real work", ("real.txt", "committed\n"));

        repo.Git("push", "origin", "main");
        repo.Git("push");

        Assert.DoesNotContain(checkpoint.Commit, repo.Git("log", "--format=%H", "main"));
        Assert.Empty(TestGit.Run(repo.RemotePath!, "for-each-ref", "refs/grove"));
        Assert.Equal(repo.Git("rev-parse", "main"), TestGit.Run(repo.RemotePath!, "rev-parse", "main"));
        Assert.Throws<InvalidOperationException>(() => TestGit.Run(repo.RemotePath!, "cat-file", "-e", checkpoint.Commit));

        Assert.Equal(1, await checkpoints.DeleteAllAsync(repo.Path, "tab_p", Ct));
        Assert.Empty(repo.Git("for-each-ref", "refs/grove"));
    }

    [Fact]
    public async Task AWorktreesCheckpoints_LiveInTheSharedRepository()
    {
        using var repo = TestRepository.Create();
        var worktree = Path.Combine(repo.Scratch("wt"), "ws");
        repo.Git("worktree", "add", "-b", "ws", worktree);
        File.WriteAllText(Path.Combine(worktree, "agent.txt"), "from the agent\n");
        var checkpoints = new CheckpointGit(new GitTestServices().Runner);

        var made = await checkpoints.CreateAsync(worktree, "tab_w", "seq=0 wt", At, Ct);
        File.Delete(Path.Combine(worktree, "agent.txt"));
        await checkpoints.RestoreAsync(worktree, made, Ct);

        Assert.Equal("from the agent\n", File.ReadAllText(Path.Combine(worktree, "agent.txt")));
        Assert.Single(await checkpoints.ListAsync(repo.Path, "tab_w", Ct));
        Assert.Equal(1, await checkpoints.DeleteAllAsync(repo.Path, "tab_w", Ct));
        Assert.Empty(await checkpoints.ListAsync(worktree, "tab_w", Ct));
    }
}
