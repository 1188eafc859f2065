using Grove.Core.Changes;
using Grove.Core.Errors;
using Grove.Git.Changes;
using Grove.Testing;

namespace Grove.Git.Tests.Changes;

public sealed class DiffTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Summary_covers_committed_staged_unstaged_and_untracked_work_since_the_base()
    {
        using var repo = TestRepository.Create();
        repo.Git("switch", "-q", "-c", "work");
        repo.Commit("committed", ("committed.txt", "1\n2\n3\n"));
        repo.WriteFile("staged.txt", "a\nb\n");
        repo.Git("add", "staged.txt");
        repo.WriteFile("src/app.txt", "line 1\nline two\nline 3\nline 4\n");
        repo.WriteFile("untracked dir/new file.txt", "x\ny\nz\nno newline");
        repo.Git("switch", "-q", "main");
        repo.Git("switch", "-q", "work");
        var reader = new GitTestServices().Reader;

        var summary = await reader.GetDiffSummaryAsync(repo.Path, "main", Token);

        var files = summary.Files.ToDictionary(f => f.Path);
        Assert.Equal(new FileDiffStat("committed.txt", 3, 0, false, FileChangeKind.Added), files["committed.txt"]);
        Assert.Equal(new FileDiffStat("staged.txt", 2, 0, false, FileChangeKind.Added), files["staged.txt"]);
        Assert.Equal(new FileDiffStat("src/app.txt", 2, 1, false, FileChangeKind.Modified), files["src/app.txt"]);
        Assert.Equal(new FileDiffStat("untracked dir/new file.txt", 4, 0, false, FileChangeKind.Untracked), files["untracked dir/new file.txt"]);
        Assert.Equal(4, files.Count);
        Assert.Equal((11, 1), (summary.Added, summary.Deleted));
    }

    [Fact]
    public async Task Summary_is_against_the_merge_base_so_later_base_commits_do_not_count()
    {
        using var repo = TestRepository.Create();
        repo.Git("switch", "-q", "-c", "work");
        repo.Commit("mine", ("mine.txt", "m\n"));
        repo.Git("switch", "-q", "main");
        repo.Commit("theirs", ("theirs.txt", "t\nt\n"));
        repo.Git("switch", "-q", "work");
        var reader = new GitTestServices().Reader;

        var summary = await reader.GetDiffSummaryAsync(repo.Path, "main", Token);

        Assert.Equal("mine.txt", Assert.Single(summary.Files).Path);
    }

    [Fact]
    public async Task Summary_without_a_base_is_against_HEAD()
    {
        using var repo = TestRepository.Create();
        repo.Commit("committed", ("committed.txt", "1\n"));
        repo.WriteFile("README.md", "changed\n");
        var reader = new GitTestServices().Reader;

        var summary = await reader.GetDiffSummaryAsync(repo.Path, null, Token);

        Assert.Equal(new FileDiffStat("README.md", 1, 1, false, FileChangeKind.Modified), Assert.Single(summary.Files));
    }

    [Fact]
    public async Task Before_the_first_commit_everything_is_added()
    {
        using var folder = new TempDirectory();
        TestGit.Run(folder.Path, "init", "-q", "-b", "main");
        File.WriteAllText(folder.Combine("staged.txt"), "a\nb\n");
        TestGit.Run(folder.Path, "add", "staged.txt");
        File.WriteAllText(folder.Combine("untracked.txt"), "c\n");
        var reader = new GitTestServices().Reader;

        var summary = await reader.GetDiffSummaryAsync(folder.Path, null, Token);
        var diff = await reader.GetDiffAsync(folder.Path, null, cancellationToken: Token);

        Assert.Equal(
            [new FileDiffStat("staged.txt", 2, 0, false, FileChangeKind.Added), new FileDiffStat("untracked.txt", 1, 0, false, FileChangeKind.Untracked)],
            summary.Files);
        Assert.Contains("+++ b/staged.txt\n", diff);
        Assert.Contains("+++ b/untracked.txt\n", diff);
    }

    [Fact]
    public async Task An_unknown_base_is_a_git_error()
    {
        using var repo = TestRepository.Create();
        var reader = new GitTestServices().Reader;

        var ex = await Assert.ThrowsAsync<GitCommandException>(() => reader.GetDiffSummaryAsync(repo.Path, "no-such-branch", Token));

        Assert.Equal(ErrorKind.GitFailed, ex.Kind);
    }

    [Fact]
    public async Task Binary_files_are_flagged_tracked_or_untracked()
    {
        using var repo = TestRepository.Create();
        File.WriteAllBytes(Path.Combine(repo.Path, "tracked.bin"), [1, 0, 2, 3]);
        repo.Git("add", "tracked.bin");
        File.WriteAllBytes(Path.Combine(repo.Path, "untracked.bin"), [0, 0, 1, 10, 10]);
        var reader = new GitTestServices().Reader;

        var files = (await reader.GetDiffSummaryAsync(repo.Path, null, Token)).Files.ToDictionary(f => f.Path);

        Assert.Equal(new FileDiffStat("tracked.bin", 0, 0, true, FileChangeKind.Added), files["tracked.bin"]);
        Assert.Equal(new FileDiffStat("untracked.bin", 0, 0, true, FileChangeKind.Untracked), files["untracked.bin"]);
    }

    [Fact]
    public async Task Renames_and_deletions_have_their_kinds()
    {
        using var repo = TestRepository.Create();
        repo.Git("mv", "src/app.txt", "src/renamed app.txt");
        repo.Git("rm", "-q", "README.md");
        var reader = new GitTestServices().Reader;

        var files = (await reader.GetDiffSummaryAsync(repo.Path, null, Token)).Files.ToDictionary(f => f.Path);

        Assert.Equal(new FileDiffStat("src/renamed app.txt", 0, 0, false, FileChangeKind.Renamed), files["src/renamed app.txt"]);
        Assert.Equal(new FileDiffStat("README.md", 0, 1, false, FileChangeKind.Deleted), files["README.md"]);
    }

    [Fact]
    public async Task Untracked_line_counts_match_git()
    {
        using var repo = TestRepository.Create();
        string[] contents = ["", "one line no newline", "a\n", "a\nb\n\n\n", "\n", "crlf\r\nlines\r\n", new string('x', 100_000) + "\n" + "tail"];
        var reader = new GitTestServices().Reader;
        for (var i = 0; i < contents.Length; i++)
        {
            repo.WriteFile($"f{i}.txt", contents[i]);
        }

        var files = (await reader.GetDiffSummaryAsync(repo.Path, null, Token)).Files.ToDictionary(f => f.Path);

        for (var i = 0; i < contents.Length; i++)
        {
            var expected = TestGit.TryRun(repo.Path, "diff", "--no-index", "--numstat", "/dev/null", $"f{i}.txt").StandardOutput;
            var gitAdded = expected.Length == 0 ? 0 : int.Parse(expected.Split('\t')[0]);
            Assert.Equal(gitAdded, files[$"f{i}.txt"].Added);
        }
    }

    [Fact]
    public async Task Snapshot_returns_status_and_the_same_summary()
    {
        using var repo = TestRepository.Create();
        repo.Git("switch", "-q", "-c", "work");
        repo.Commit("committed", ("committed.txt", "1\n2\n"));
        repo.WriteFile("README.md", "changed\n");
        repo.WriteFile("new.txt", "n\n");
        var reader = new GitTestServices().Reader;

        var snapshot = await reader.GetSnapshotAsync(repo.Path, "main", Token);
        var summary = await reader.GetDiffSummaryAsync(repo.Path, "main", Token);

        Assert.Equal("work", snapshot.Status.Branch.Head);
        Assert.Equal(2, snapshot.Status.Files.Count);
        Assert.Equal(summary.Files.OrderBy(f => f.Path), snapshot.Diff.Files.OrderBy(f => f.Path));
        Assert.Equal(3, snapshot.Diff.Files.Count);
    }

    [Fact]
    public async Task Unified_diff_shows_tracked_changes_and_untracked_files_as_new()
    {
        using var repo = TestRepository.Create();
        repo.WriteFile("src/app.txt", "line 1\nline two\nline 3\n");
        repo.WriteFile("notes/todo.txt", "first\nsecond");
        var reader = new GitTestServices().Reader;

        var diff = await reader.GetDiffAsync(repo.Path, null, cancellationToken: Token);

        Assert.Contains("diff --git a/src/app.txt b/src/app.txt\n", diff);
        Assert.Contains("-line 2\n+line two\n", diff);
        Assert.Contains(
            "diff --git a/notes/todo.txt b/notes/todo.txt\nnew file mode 100644\n--- /dev/null\n+++ b/notes/todo.txt\n@@ -0,0 +1,2 @@\n+first\n+second\n\\ No newline at end of file\n",
            diff);
    }

    [Fact]
    public async Task Unified_diff_of_an_untracked_file_applies_cleanly_with_git_apply()
    {
        using var repo = TestRepository.Create();
        repo.WriteFile("docs/new.md", "# Title\n\nbody\n");
        var reader = new GitTestServices().Reader;
        var diff = await reader.GetDiffAsync(repo.Path, null, "docs/new.md", Token);
        File.Delete(Path.Combine(repo.Path, "docs/new.md"));
        var patch = Path.Combine(repo.Scratch("patches"), "new.patch");
        File.WriteAllText(patch, diff);

        repo.Git("apply", patch);

        Assert.Equal("# Title\n\nbody\n", File.ReadAllText(Path.Combine(repo.Path, "docs/new.md")));
    }

    [Fact]
    public async Task Unified_diff_for_one_path_is_limited_to_it()
    {
        using var repo = TestRepository.Create();
        repo.WriteFile("src/app.txt", "changed\n");
        repo.WriteFile("README.md", "changed\n");
        var reader = new GitTestServices().Reader;

        var diff = await reader.GetDiffAsync(repo.Path, null, "src/app.txt", Token);

        Assert.Contains("b/src/app.txt", diff);
        Assert.DoesNotContain("README.md", diff);
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("/etc/passwd")]
    public async Task Unified_diff_refuses_paths_outside_the_worktree(string path)
    {
        using var repo = TestRepository.Create();
        var reader = new GitTestServices().Reader;

        await Assert.ThrowsAsync<SecurityViolationException>(() => reader.GetDiffAsync(repo.Path, null, path, Token));
    }
}
