using Grove.Core.Errors;
using Grove.Testing;

namespace Grove.Git.Tests.Worktrees;

public sealed class WorktreeListAndRemoveTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lists_worktrees_including_a_prunable_one_then_prunes_it()
    {
        using var repo = TestRepository.Create();
        var manager = new GitTestServices().Worktrees;
        var root = repo.Scratch("wt");
        var kept = Path.Combine(root, "kept");
        var gone = Path.Combine(root, "gone");
        await manager.AddWithNewBranchAsync(repo.Path, kept, "kept", "main", Token);
        await manager.AddWithNewBranchAsync(repo.Path, gone, "gone", "main", Token);
        TestGit.Run(repo.Path, "worktree", "lock", "--reason", "on a usb disk", kept);
        Directory.Delete(gone, recursive: true);

        var list = await manager.ListAsync(repo.Path, Token);

        Assert.Equal(3, list.Count);
        Assert.True(list[0].IsMain);
        Assert.Equal(repo.Path, list[0].Path);
        Assert.Equal("main", list[0].Branch);
        Assert.Equal(40, list[0].Head!.Length);
        var keptEntry = list.Single(e => e.Path == kept);
        Assert.Equal("kept", keptEntry.Branch);
        Assert.True(keptEntry.IsLocked);
        Assert.Equal("on a usb disk", keptEntry.LockedReason);
        Assert.False(keptEntry.IsMain);
        var goneEntry = list.Single(e => e.Path == gone);
        Assert.True(goneEntry.IsPrunable);
        Assert.Contains("gitdir file points to non-existent location", goneEntry.PrunableReason);

        await manager.PruneAsync(repo.Path, Token);

        Assert.DoesNotContain(await manager.ListAsync(repo.Path, Token), e => e.Path == gone);
    }

    [Fact]
    public async Task Lists_a_detached_worktree()
    {
        using var repo = TestRepository.Create();
        var path = Path.Combine(repo.Scratch("wt"), "detached");
        repo.Git("worktree", "add", "-q", "--detach", path, "main");
        var manager = new GitTestServices().Worktrees;

        var entry = (await manager.ListAsync(repo.Path, Token)).Single(e => e.Path == path);

        Assert.True(entry.IsDetached);
        Assert.Null(entry.Branch);
    }

    [Fact]
    public async Task Removes_a_worktree_and_restores_it_from_its_branch()
    {
        using var repo = TestRepository.Create();
        var manager = new GitTestServices().Worktrees;
        var path = Path.Combine(repo.Scratch("wt"), "ws");
        await manager.AddWithNewBranchAsync(repo.Path, path, "grove/ws", "main", Token);
        File.WriteAllText(Path.Combine(path, "work.txt"), "agent work\n");
        TestGit.Run(path, "add", "work.txt");
        TestGit.Run(path, "commit", "-q", "-m", "agent work");

        await manager.RemoveAsync(repo.Path, path, force: false, Token);
        Assert.False(Directory.Exists(path));
        Assert.Single(await manager.ListAsync(repo.Path, Token));

        await manager.AddForExistingBranchAsync(repo.Path, path, "grove/ws", Token);
        Assert.Equal("agent work\n", File.ReadAllText(Path.Combine(path, "work.txt")));
        Assert.Equal("grove/ws", (await manager.ListAsync(repo.Path, Token)).Single(e => e.Path == path).Branch);
    }

    [Fact]
    public async Task Remove_of_a_dirty_worktree_needs_force()
    {
        using var repo = TestRepository.Create();
        var manager = new GitTestServices().Worktrees;
        var path = Path.Combine(repo.Scratch("wt"), "ws");
        await manager.AddWithNewBranchAsync(repo.Path, path, "grove/dirty", "main", Token);
        File.WriteAllText(Path.Combine(path, "README.md"), "changed\n");

        Assert.True(await manager.IsDirtyAsync(path, Token));
        await Assert.ThrowsAsync<GitCommandException>(() => manager.RemoveAsync(repo.Path, path, force: false, Token));
        await manager.RemoveAsync(repo.Path, path, force: true, Token);

        Assert.False(Directory.Exists(path));
    }

    [Fact]
    public async Task Remove_of_a_folder_already_gone_prunes()
    {
        using var repo = TestRepository.Create();
        var manager = new GitTestServices().Worktrees;
        var path = Path.Combine(repo.Scratch("wt"), "ws");
        await manager.AddWithNewBranchAsync(repo.Path, path, "grove/gone", "main", Token);
        Directory.Delete(path, recursive: true);

        await manager.RemoveAsync(repo.Path, path, force: false, Token);

        Assert.Single(await manager.ListAsync(repo.Path, Token));
    }

    [Fact]
    public async Task IsDirty_is_false_for_a_clean_tree_and_true_for_untracked_files()
    {
        using var repo = TestRepository.Create();
        var manager = new GitTestServices().Worktrees;

        Assert.False(await manager.IsDirtyAsync(repo.Path, Token));
        repo.WriteFile("new.txt", "x");
        Assert.True(await manager.IsDirtyAsync(repo.Path, Token));
    }
}
