using Grove.Core.Changes;
using Grove.Git.Changes;
using Grove.Testing;

namespace Grove.Git.Tests.Changes;

public sealed class StatusTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_clean_tree_reports_its_branch()
    {
        using var repo = TestRepository.Create(withRemote: true);
        var reader = new GitTestServices().Reader;

        var status = await reader.GetStatusAsync(repo.Path, Token);

        Assert.True(status.IsClean);
        Assert.Equal("main", status.Branch.Head);
        Assert.Equal(repo.Git("rev-parse", "HEAD").Trim(), status.Branch.Oid);
        Assert.Equal("origin/main", status.Branch.Upstream);
        Assert.Equal((0, 0), (status.Branch.Ahead, status.Branch.Behind));
    }

    [Fact]
    public async Task Reports_ahead_and_behind()
    {
        using var repo = TestRepository.Create(withRemote: true);
        repo.Commit("one", ("a.txt", "a"));
        repo.Commit("two", ("b.txt", "b"));
        repo.Git("update-ref", "refs/remotes/origin/main", repo.Commit("three", ("c.txt", "c")));
        repo.Git("reset", "-q", "--hard", "HEAD~1");
        repo.Commit("diverged", ("d.txt", "d"));
        var reader = new GitTestServices().Reader;

        var status = await reader.GetStatusAsync(repo.Path, Token);

        Assert.Equal((1, 1), (status.Branch.Ahead, status.Branch.Behind));
    }

    [Fact]
    public async Task Parses_modified_staged_renamed_deleted_and_untracked()
    {
        using var repo = TestRepository.Create(files: new Dictionary<string, string>
        {
            ["modified.txt"] = "a\n",
            ["staged.txt"] = "a\n",
            ["both.txt"] = "a\n",
            ["old name.txt"] = "rename me\nplease\nkeep\nthe content\n",
            ["deleted.txt"] = "a\n",
            ["staged-delete.txt"] = "a\n",
        });
        repo.WriteFile("modified.txt", "b\n");
        repo.WriteFile("staged.txt", "b\n");
        repo.Git("add", "staged.txt");
        repo.WriteFile("both.txt", "b\n");
        repo.Git("add", "both.txt");
        repo.WriteFile("both.txt", "c\n");
        repo.Git("mv", "old name.txt", "new name.txt");
        File.Delete(Path.Combine(repo.Path, "deleted.txt"));
        repo.Git("rm", "-q", "staged-delete.txt");
        repo.WriteFile("dir/untracked.txt", "u\n");
        repo.WriteFile("added.txt", "n\n");
        repo.Git("add", "added.txt");
        var reader = new GitTestServices().Reader;

        var files = (await reader.GetStatusAsync(repo.Path, Token)).Files.ToDictionary(f => f.Path);

        Assert.Equal(new FileStatus("modified.txt", FileChangeKind.Modified, '.', 'M', null), files["modified.txt"]);
        Assert.Equal(new FileStatus("staged.txt", FileChangeKind.Modified, 'M', '.', null), files["staged.txt"]);
        Assert.True(files["both.txt"].IsStaged && files["both.txt"].IsUnstaged);
        Assert.Equal(new FileStatus("new name.txt", FileChangeKind.Renamed, 'R', '.', "old name.txt"), files["new name.txt"]);
        Assert.Equal(new FileStatus("deleted.txt", FileChangeKind.Deleted, '.', 'D', null), files["deleted.txt"]);
        Assert.Equal(new FileStatus("staged-delete.txt", FileChangeKind.Deleted, 'D', '.', null), files["staged-delete.txt"]);
        Assert.Equal(new FileStatus("dir/untracked.txt", FileChangeKind.Untracked, '?', '?', null), files["dir/untracked.txt"]);
        Assert.Equal(FileChangeKind.Added, files["added.txt"].Kind);
        Assert.False(files["dir/untracked.txt"].IsStaged);
        Assert.Equal(8, files.Count);
    }

    [Fact]
    public async Task Odd_file_names_survive_NUL_separated_parsing()
    {
        using var repo = TestRepository.Create();
        string[] names = ["with space.txt", "new\nline.txt", "tab\there.txt", "ünïcødé 🌲.txt", "quote\"d.txt", "-dash.txt", "back\\slash.txt"];
        foreach (var name in names)
        {
            repo.WriteFile(name, "x\n");
        }

        repo.Git("add", "-A");
        repo.Git("commit", "-q", "-m", "odd names");
        repo.Git("mv", "with space.txt", "renamed with space.txt");
        foreach (var name in names.Skip(1))
        {
            repo.WriteFile(name, "changed\n");
        }

        repo.WriteFile("untracked\nnewline.txt", "u");
        var reader = new GitTestServices().Reader;

        var files = (await reader.GetStatusAsync(repo.Path, Token)).Files;

        Assert.Contains(files, f => f.Path == "renamed with space.txt" && f.OriginalPath == "with space.txt");
        foreach (var name in names.Skip(1))
        {
            Assert.Contains(files, f => f.Path == name && f.Kind == FileChangeKind.Modified);
        }

        Assert.Contains(files, f => f.Path == "untracked\nnewline.txt" && f.Kind == FileChangeKind.Untracked);
        Assert.Equal(names.Length + 1, files.Count);
    }

    [Fact]
    public async Task A_merge_conflict_is_reported_as_conflicted()
    {
        using var repo = TestRepository.Create();
        repo.Git("switch", "-q", "-c", "other");
        repo.Commit("other side", ("README.md", "other\n"));
        repo.Git("switch", "-q", "main");
        repo.Commit("main side", ("README.md", "main\n"));
        var merge = TestGit.TryRun(repo.Path, "merge", "-q", "other");
        Assert.NotEqual(0, merge.ExitCode);
        var reader = new GitTestServices().Reader;

        var file = Assert.Single((await reader.GetStatusAsync(repo.Path, Token)).Files);

        Assert.Equal(new FileStatus("README.md", FileChangeKind.Conflicted, 'U', 'U', null), file);
    }

    [Fact]
    public async Task A_detached_head_and_an_unborn_branch_are_understood()
    {
        using var repo = TestRepository.Create();
        repo.Git("switch", "-q", "--detach", "HEAD");
        using var empty = new TempDirectory();
        TestGit.Run(empty.Path, "init", "-q", "-b", "fresh");
        File.WriteAllText(empty.Combine("a.txt"), "a");
        var reader = new GitTestServices().Reader;

        var detached = await reader.GetStatusAsync(repo.Path, Token);
        var unborn = await reader.GetStatusAsync(empty.Path, Token);

        Assert.Null(detached.Branch.Head);
        Assert.NotNull(detached.Branch.Oid);
        Assert.Equal("fresh", unborn.Branch.Head);
        Assert.Null(unborn.Branch.Oid);
        Assert.Equal("a.txt", Assert.Single(unborn.Files).Path);
    }

    [Fact]
    public async Task Reading_status_takes_no_index_lock()
    {
        using var repo = TestRepository.Create();
        File.SetLastWriteTimeUtc(Path.Combine(repo.Path, "README.md"), DateTime.UtcNow.AddMinutes(-5));
        var indexBefore = File.ReadAllBytes(Path.Combine(repo.Path, ".git", "index"));
        var reader = new GitTestServices().Reader;

        await reader.GetStatusAsync(repo.Path, Token);

        // With GIT_OPTIONAL_LOCKS=0 git never rewrites the index to refresh stat data.
        Assert.Equal(indexBefore, File.ReadAllBytes(Path.Combine(repo.Path, ".git", "index")));
    }
}
