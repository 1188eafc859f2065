using Grove.Testing;

namespace Grove.Cli.Tests;

/// <summary>The issue's "done means": what a newcomer does with only the README, on real git.</summary>
public sealed class NewcomerFlowTests
{
    [Fact]
    public async Task AddRepo_ThreeWorkspaces_CommitPush_ArchiveRestore_DoctorFindsDeletedWorktree()
    {
        using var repo = TestRepository.Create(withRemote: true);
        using var grove = new CliRunner();

        var added = await grove.OkAsync("project", "add", repo.Path);
        Assert.Contains("Added project 'repo'", added);

        foreach (var name in new[] { "alpha", "beta", "gamma" })
        {
            var created = await grove.RunAsync("ws", "new", "repo", "--name", name);
            Assert.Equal(0, created.ExitCode);
            Assert.Contains($"Created workspace '{name}'", created.Output);
            Assert.Contains("fetching origin/main", created.Error);
        }

        var list = await grove.JsonAsync("ws", "list");
        Assert.Equal(3, list.GetArrayLength());

        var alpha = Path.Combine(grove.WorktreesRoot, "repo", "alpha");
        File.WriteAllText(Path.Combine(alpha, "hello.txt"), "hello from alpha\n");
        File.AppendAllText(Path.Combine(alpha, "README.md"), "alpha was here\n");

        var status = await grove.OkAsync("ws", "status", "alpha");
        Assert.Contains("hello.txt", status);
        Assert.Contains("README.md", status);

        var stat = await grove.JsonAsync("ws", "diff", "alpha", "--stat");
        Assert.Equal(2, stat.GetProperty("files").GetArrayLength());

        var commit = await grove.JsonAsync("ws", "commit", "alpha", "-m", "Say hello", "--all");
        var sha = commit.GetProperty("sha").GetString();
        await grove.OkAsync("ws", "push", "alpha");
        Assert.Equal(sha, TestGit.Run(repo.RemotePath!, "rev-parse", "refs/heads/alpha").Trim());

        await grove.OkAsync("ws", "archive", "beta", "--remove-worktree");
        Assert.False(Directory.Exists(Path.Combine(grove.WorktreesRoot, "repo", "beta")));
        Assert.Equal(2, (await grove.JsonAsync("ws", "list")).GetArrayLength());
        await grove.OkAsync("ws", "restore", "beta");
        Assert.True(Directory.Exists(Path.Combine(grove.WorktreesRoot, "repo", "beta")));

        Directory.Delete(Path.Combine(grove.WorktreesRoot, "repo", "gamma"), recursive: true);
        var doctor = await grove.RunAsync("doctor");
        Assert.Equal(ExitCodes.DoctorFoundIssues, doctor.ExitCode);
        Assert.Contains("gamma", doctor.Output);
        Assert.Contains("MissingWorktree", doctor.Output);

        var fix = await grove.RunAsync("doctor", "--fix");
        Assert.Equal(ExitCodes.Success, fix.ExitCode);
        Assert.Equal(0, (await grove.RunAsync("doctor")).ExitCode);
    }
}
