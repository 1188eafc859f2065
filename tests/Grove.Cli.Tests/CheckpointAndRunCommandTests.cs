using Grove.Testing;

namespace Grove.Cli.Tests;

/// <summary><c>grove checkpoints</c> / <c>grove restore</c> after a real agent turn, and <c>grove ws run</c> without a server.</summary>
public sealed class CheckpointAndRunCommandTests
{
    [Fact]
    public async Task Checkpoints_ListTheTurn_AndRestoreAsksThenPutsTheFilesBack()
    {
        await using var bed = await RunBed.StartAsync();
        var grove = bed.Grove;
        var file = Path.Combine(grove.WorktreesRoot, "repo", "agent", "hello.txt");
        bed.Api.Enqueue(FakeResponse.ToolUse("Write", new { file_path = file, content = "hi\n" }), FakeResponse.Text("Wrote it."));
        grove.Input = "y\n";
        await grove.OkAsync("run", "agent", "Please write hello.txt");
        Assert.True(File.Exists(file));

        var table = await grove.OkAsync("checkpoints", "agent");
        var json = await grove.JsonAsync("checkpoints", "agent");

        Assert.Matches(@"(?m)^1\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+1 file\(s\)\s+Please write hello.txt", table);
        var first = Assert.Single(json.EnumerateArray());
        Assert.Equal(1, first.GetProperty("number").GetInt32());
        var changed = Assert.Single(first.GetProperty("changedSince").EnumerateArray());
        Assert.Equal("hello.txt", changed.GetProperty("path").GetString());
        Assert.Equal("removed", changed.GetProperty("change").GetString());

        grove.Input = "n\n";
        var declined = await grove.RunAsync("restore", "agent", "1");
        Assert.Equal(ExitCodes.Failure, declined.ExitCode);
        Assert.Contains("removed   hello.txt", declined.Output, StringComparison.Ordinal);
        Assert.Contains("Nothing restored.", declined.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(file));

        var restored = await grove.OkAsync("restore", "agent", "1", "--yes");
        Assert.Contains("Restored 1 file(s) to before turn 1.", restored, StringComparison.Ordinal);
        Assert.False(File.Exists(file));

        var missing = await grove.RunAsync("restore", "agent", "7", "--yes");
        Assert.Equal(ExitCodes.NotFound, missing.ExitCode);
    }

    [Fact]
    public async Task WsRun_StreamsTheOutputWithTheWorkspacesPort_AndFailsWhenTheScriptDoes()
    {
        using var repo = TestRepository.Create();
        repo.Commit("run", (".grove/worktree.json", """{ "run": ["echo port=$GROVE_PORT range=$GROVE_PORT_RANGE", "echo oops >&2", "exit 3"] }"""));
        using var grove = new CliRunner();
        await grove.OkAsync("project", "add", repo.Path);
        await grove.OkAsync("ws", "new", "repo", "--name", "app", "--no-fetch");

        var run = await grove.RunAsync("ws", "run", "app");

        Assert.True(run.ExitCode == ExitCodes.Failure, $"exit {run.ExitCode}\nout: {run.Output}\nerr: {run.Error}");
        Assert.Matches(@"port=(\d+) range=\1-\d+", run.Output);
        Assert.Contains("oops", run.Error, StringComparison.Ordinal);
        Assert.Contains("exited with code 3", run.Error, StringComparison.Ordinal);

        using var plainRepo = TestRepository.Create();
        await grove.OkAsync("project", "add", plainRepo.Path, "--name", "other");
        await grove.OkAsync("ws", "new", "other", "--name", "plain", "--no-fetch");
        var missing = await grove.RunAsync("ws", "run", "plain");
        Assert.Equal(ExitCodes.InvalidInput, missing.ExitCode);
        Assert.Contains("no run script", missing.Error, StringComparison.Ordinal);
    }
}
