using Grove.Core.Changes;
using Grove.Core.Errors;
using Grove.Git.Changes;
using Grove.Testing;

namespace Grove.Git.Tests.Changes;

public sealed class StageAndDiscardTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stage_then_unstage_moves_changes_between_index_and_work_tree()
    {
        using var repo = TestRepository.Create();
        repo.WriteFile("README.md", "changed\n");
        repo.WriteFile("new file.txt", "new\n");
        File.Delete(Path.Combine(repo.Path, "src/app.txt"));
        var services = new GitTestServices();

        await services.Writer.StageAsync(repo.Path, ["README.md", "new file.txt", "src/app.txt"], Token);
        var staged = (await services.Reader.GetStatusAsync(repo.Path, Token)).Files.ToDictionary(f => f.Path);
        await services.Writer.UnstageAsync(repo.Path, ["README.md", "new file.txt", "src/app.txt"], Token);
        var unstaged = (await services.Reader.GetStatusAsync(repo.Path, Token)).Files.ToDictionary(f => f.Path);

        Assert.Equal(('M', '.'), (staged["README.md"].Index, staged["README.md"].WorkTree));
        Assert.Equal(('A', '.'), (staged["new file.txt"].Index, staged["new file.txt"].WorkTree));
        Assert.Equal(('D', '.'), (staged["src/app.txt"].Index, staged["src/app.txt"].WorkTree));
        Assert.Equal(('.', 'M'), (unstaged["README.md"].Index, unstaged["README.md"].WorkTree));
        Assert.Equal(FileChangeKind.Untracked, unstaged["new file.txt"].Kind);
        Assert.Equal(('.', 'D'), (unstaged["src/app.txt"].Index, unstaged["src/app.txt"].WorkTree));
    }

    [Fact]
    public async Task Unstage_works_before_the_first_commit()
    {
        using var folder = new TempDirectory();
        TestGit.Run(folder.Path, "init", "-q", "-b", "main");
        File.WriteAllText(folder.Combine("a.txt"), "a");
        var services = new GitTestServices();

        await services.Writer.StageAsync(folder.Path, ["a.txt"], Token);
        await services.Writer.UnstageAsync(folder.Path, ["a.txt"], Token);

        Assert.Equal(FileChangeKind.Untracked, Assert.Single((await services.Reader.GetStatusAsync(folder.Path, Token)).Files).Kind);
    }

    [Fact]
    public async Task Discard_restores_tracked_files_and_deletes_untracked_ones()
    {
        using var repo = TestRepository.Create();
        repo.WriteFile("README.md", "unstaged change\n");
        repo.WriteFile("src/app.txt", "staged change\n");
        repo.Git("add", "src/app.txt");
        repo.WriteFile("scratch/untracked.txt", "junk\n");
        repo.WriteFile("staged-new.txt", "new\n");
        repo.Git("add", "staged-new.txt");
        repo.WriteFile("keep.txt", "keep me\n");
        var services = new GitTestServices();

        await services.Writer.DiscardAsync(repo.Path, ["README.md", "src/app.txt", "scratch/untracked.txt", "staged-new.txt"], Token);

        Assert.Equal("# test repo\n", File.ReadAllText(Path.Combine(repo.Path, "README.md")));
        Assert.Equal("line 1\nline 2\nline 3\n", File.ReadAllText(Path.Combine(repo.Path, "src/app.txt")));
        Assert.False(File.Exists(Path.Combine(repo.Path, "scratch/untracked.txt")));
        Assert.False(File.Exists(Path.Combine(repo.Path, "staged-new.txt")));
        var remaining = Assert.Single((await services.Reader.GetStatusAsync(repo.Path, Token)).Files);
        Assert.Equal("keep.txt", remaining.Path);
    }

    [Fact]
    public async Task Discard_restores_a_deleted_file()
    {
        using var repo = TestRepository.Create();
        File.Delete(Path.Combine(repo.Path, "README.md"));
        var services = new GitTestServices();

        await services.Writer.DiscardAsync(repo.Path, ["README.md"], Token);

        Assert.Equal("# test repo\n", File.ReadAllText(Path.Combine(repo.Path, "README.md")));
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("/tmp/outside.txt")]
    [InlineData(".")]
    [InlineData("src/..")]
    public async Task Paths_outside_the_worktree_or_the_root_itself_are_refused(string path)
    {
        using var repo = TestRepository.Create();
        var writer = new GitTestServices().Writer;

        await Assert.ThrowsAsync<SecurityViolationException>(() => writer.DiscardAsync(repo.Path, [path], Token));
        await Assert.ThrowsAsync<SecurityViolationException>(() => writer.StageAsync(repo.Path, [path], Token));

        Assert.True(File.Exists(Path.Combine(repo.Path, "README.md")));
    }

    [Theory]
    [InlineData(".git")]
    [InlineData(".git/config")]
    [InlineData(".git/hooks/pre-commit")]
    [InlineData("src/../.git/HEAD")]
    [InlineData(".GIT/config")]
    public async Task Git_own_files_are_never_discarded_or_staged(string path)
    {
        using var repo = TestRepository.Create();
        var writer = new GitTestServices().Writer;

        await Assert.ThrowsAsync<SecurityViolationException>(() => writer.DiscardAsync(repo.Path, [path], Token));
        await Assert.ThrowsAsync<SecurityViolationException>(() => writer.StageAsync(repo.Path, [path], Token));

        Assert.True(File.Exists(Path.Combine(repo.Path, ".git", "config")));
        Assert.True(File.Exists(Path.Combine(repo.Path, ".git", "HEAD")));
    }

    [Fact]
    public async Task The_git_file_of_a_linked_worktree_is_never_discarded()
    {
        using var repo = TestRepository.Create();
        var services = new GitTestServices();
        var path = Path.Combine(repo.Scratch("wt"), "ws");
        await services.Worktrees.AddWithNewBranchAsync(repo.Path, path, "grove/ws", "main", Token);

        await Assert.ThrowsAsync<SecurityViolationException>(() => services.Writer.DiscardAsync(path, [".git"], Token));

        Assert.True(File.Exists(Path.Combine(path, ".git")));
    }

    [Fact]
    public async Task Paths_are_literal_never_globs()
    {
        using var repo = TestRepository.Create();
        repo.WriteFile("README.md", "changed\n");
        repo.WriteFile("src/app.txt", "changed\n");
        repo.WriteFile("*.md", "a file really named star-dot-md\n");
        var services = new GitTestServices();

        await services.Writer.StageAsync(repo.Path, ["*.md"], Token);

        var files = (await services.Reader.GetStatusAsync(repo.Path, Token)).Files.ToDictionary(f => f.Path);
        Assert.Equal('A', files["*.md"].Index);
        Assert.Equal(('.', 'M'), (files["README.md"].Index, files["README.md"].WorkTree));
    }

    [Theory]
    [InlineData(":(glob)*")]
    [InlineData("*")]
    [InlineData(":(top)src")]
    public async Task Pathspec_magic_from_a_caller_never_discards_other_files(string path)
    {
        using var repo = TestRepository.Create();
        repo.WriteFile("README.md", "precious edit\n");
        repo.WriteFile("src/app.txt", "precious edit\n");
        var writer = new GitTestServices().Writer;

        // A file literally named so does not exist: refused as missing, and nothing else is touched.
        var error = await Assert.ThrowsAsync<GroveException>(() => writer.DiscardAsync(repo.Path, [path], Token));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("precious edit\n", File.ReadAllText(Path.Combine(repo.Path, "README.md")));
        Assert.Equal("precious edit\n", File.ReadAllText(Path.Combine(repo.Path, "src/app.txt")));
    }

    [Fact]
    public async Task Discard_never_follows_a_link_out_of_the_worktree()
    {
        using var repo = TestRepository.Create();
        var outside = repo.Scratch("outside");
        File.WriteAllText(Path.Combine(outside, "precious.txt"), "keep");
        Directory.CreateSymbolicLink(Path.Combine(repo.Path, "link"), outside);
        var writer = new GitTestServices().Writer;

        await Assert.ThrowsAsync<SecurityViolationException>(() => writer.DiscardAsync(repo.Path, ["link/precious.txt"], Token));

        Assert.True(File.Exists(Path.Combine(outside, "precious.txt")));
    }
}
