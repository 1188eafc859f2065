using Grove.Core.Changes;
using Grove.Git.Changes;
using Grove.Testing;

namespace Grove.Git.Tests.Changes;

public sealed class SnapshotCacheTests
{
    private static readonly DateTime LongAgo = DateTime.UtcNow.AddMinutes(-10);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_idle_workspace_costs_one_status_and_no_diff()
    {
        using var repo = TestRepository.Create();
        repo.Git("switch", "-q", "-c", "work");
        WriteOld(repo, "README.md", "changed\n", LongAgo);
        WriteOld(repo, "new.txt", "a\nb\n", LongAgo);
        var counting = new CountingGitRunner(new GitTestServices().Runner);
        var reader = new ChangesReader(counting);

        var first = await reader.GetSnapshotAsync(repo.Path, "main", Token);
        var second = await reader.GetSnapshotAsync(repo.Path, "main", Token);

        Assert.Equal(first.Diff.Files, second.Diff.Files);
        Assert.Equal(2, counting.Count("status"));
        Assert.Equal(1, counting.Count("diff"));
    }

    [Fact]
    public async Task An_edit_to_an_already_changed_file_is_seen()
    {
        using var repo = TestRepository.Create();
        WriteOld(repo, "README.md", "changed\n", LongAgo);
        var counting = new CountingGitRunner(new GitTestServices().Runner);
        var reader = new ChangesReader(counting);
        var before = await reader.GetSnapshotAsync(repo.Path, null, Token);

        WriteOld(repo, "README.md", "changed\nand more\n", LongAgo.AddSeconds(30));
        var after = await reader.GetSnapshotAsync(repo.Path, null, Token);

        Assert.Equal(1, before.Diff.Added);
        Assert.Equal(2, after.Diff.Added);
        Assert.Equal(2, counting.Count("diff"));
    }

    [Fact]
    public async Task A_moved_base_branch_is_seen()
    {
        using var repo = TestRepository.Create();
        repo.Git("switch", "-q", "-c", "work");
        repo.Commit("work", ("work.txt", "w\n"));
        var reader = new ChangesReader(new GitTestServices().Runner);
        var before = await reader.GetSnapshotAsync(repo.Path, "main", Token);

        // main moves to include the work commit: nothing is left "since the base".
        repo.Git("branch", "-f", "main", "work");
        var after = await reader.GetSnapshotAsync(repo.Path, "main", Token);

        Assert.Single(before.Diff.Files);
        Assert.Empty(after.Diff.Files);
    }

    [Fact]
    public async Task Freshly_written_files_are_never_trusted()
    {
        using var repo = TestRepository.Create();
        repo.WriteFile("README.md", "fresh\n");
        var counting = new CountingGitRunner(new GitTestServices().Runner);
        var reader = new ChangesReader(counting);

        await reader.GetSnapshotAsync(repo.Path, null, Token);
        await reader.GetSnapshotAsync(repo.Path, null, Token);

        Assert.Equal(2, counting.Count("diff"));
    }

    private static void WriteOld(TestRepository repo, string path, string content, DateTime writtenUtc)
    {
        repo.WriteFile(path, content);
        File.SetLastWriteTimeUtc(Path.Combine(repo.Path, path), writtenUtc);
    }
}
