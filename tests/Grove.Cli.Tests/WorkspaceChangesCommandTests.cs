using Grove.Testing;

namespace Grove.Cli.Tests;

/// <summary>What a newcomer met in <c>grove ws list --stats</c>, <c>ws discard</c>, <c>ws commit</c> and <c>ws new</c>, on real git.</summary>
public sealed class WorkspaceChangesCommandTests
{
    [Fact]
    public async Task ListStats_ShowsADash_ForALocalWorkspaceOutsideGit_AndCountsForTheOthers()
    {
        using var repo = TestRepository.Create();
        using var folder = new TempDirectory("grove-plain");
        using var grove = new CliRunner();
        await grove.OkAsync("project", "add", repo.Path);
        await grove.OkAsync("project", "add", folder.Path, "--name", "notes");
        await grove.OkAsync("ws", "new", "repo", "--name", "edits");
        await grove.OkAsync("ws", "new", "notes", "--name", "jot");
        await grove.OkAsync("ws", "new", "repo", "--name", "broken");
        File.WriteAllText(Path.Combine(grove.WorktreesRoot, "repo", "edits", "new.txt"), "1\n2\n");
        File.Delete(Path.Combine(grove.WorktreesRoot, "repo", "broken", ".git")); // git can't read it any more

        var listed = await grove.RunAsync("ws", "list", "--stats");
        var table = listed.Output;
        var json = await grove.JsonAsync("ws", "list", "--stats");

        var jot = Assert.Single(table.Split('\n'), l => l.Contains(" jot ", StringComparison.Ordinal));
        Assert.Matches(@"active\s+-\s+/", jot);
        Assert.DoesNotContain("fatal", table, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("not a git", table, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(table.Split('\n'), l => l.Contains(" edits ", StringComparison.Ordinal) && l.Contains("1 files +2 -0", StringComparison.Ordinal));
        Assert.Equal(0, listed.ExitCode);
        Assert.Matches(@"broken\s+broken\s+active\s+-\s+/", table);
        Assert.Contains("note: no counts for repo/broken:", listed.Error, StringComparison.Ordinal);
        var jotJson = json.EnumerateArray().Single(w => w.GetProperty("workspace").GetProperty("name").GetString() == "jot");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, jotJson.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task Discard_OfAMissingOrUnchangedPath_SaysSo_AndFails()
    {
        using var repo = TestRepository.Create();
        using var grove = new CliRunner();
        await grove.OkAsync("project", "add", repo.Path);
        await grove.OkAsync("ws", "new", "repo", "--name", "tidy");
        var worktree = Path.Combine(grove.WorktreesRoot, "repo", "tidy");
        File.WriteAllText(Path.Combine(worktree, "scratch.txt"), "x\n");

        var missing = await grove.RunAsync("ws", "discard", "tidy", "no-such-file.txt");
        var unchanged = await grove.RunAsync("ws", "discard", "tidy", "README.md");
        var mixed = await grove.RunAsync("ws", "discard", "tidy", "scratch.txt", "no-such-file.txt");
        var real = await grove.RunAsync("ws", "discard", "tidy", "scratch.txt");

        Assert.Equal(ExitCodes.NotFound, missing.ExitCode);
        Assert.Contains("'no-such-file.txt' does not exist", missing.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Discarded", missing.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, unchanged.ExitCode);
        Assert.Contains("'README.md' has no changes", unchanged.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NotFound, mixed.ExitCode);
        Assert.Equal(0, real.ExitCode);
        Assert.Contains("Discarded 1 path(s)", real.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(worktree, "scratch.txt")));
    }

    [Fact]
    public async Task Commit_WithOnlyUntrackedFiles_HintsAtAll()
    {
        using var repo = TestRepository.Create();
        using var grove = new CliRunner();
        await grove.OkAsync("project", "add", repo.Path);
        await grove.OkAsync("ws", "new", "repo", "--name", "fresh");
        var worktree = Path.Combine(grove.WorktreesRoot, "repo", "fresh");
        File.WriteAllText(Path.Combine(worktree, "a.txt"), "a\n");
        File.WriteAllText(Path.Combine(worktree, "b.txt"), "b\n");

        var refused = await grove.RunAsync("ws", "commit", "fresh", "-m", "Add files");
        var clean = await grove.RunAsync("ws", "commit", "fresh", "-m", "Add files", "--all");
        var nothing = await grove.RunAsync("ws", "commit", "fresh", "-m", "Again");

        Assert.Equal(ExitCodes.InvalidInput, refused.ExitCode);
        Assert.Contains("nothing to commit; 2 untracked file(s); use --all to include them", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, clean.ExitCode);
        Assert.Equal(ExitCodes.InvalidInput, nothing.ExitCode);
        Assert.Contains("nothing to commit", nothing.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("--all", nothing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WsNew_InARepositoryWithoutCommits_SaysSo()
    {
        using var folder = new TempDirectory("grove-empty-repo");
        TestGit.Run(folder.Path, "init", "--quiet", "--initial-branch=main");
        using var grove = new CliRunner();
        await grove.OkAsync("project", "add", folder.Path, "--name", "empty");

        var result = await grove.RunAsync("ws", "new", "empty", "--name", "first");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("'empty' has no commits yet", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("is not a branch", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await grove.RunAsync("ws", "new", "empty", "--name", "here", "--local")).ExitCode);
    }
}
