using System.Net;
using System.Text.Json;
using Grove.Cli;
using Grove.Server.Tests.TestServices;
using Grove.Testing;

namespace Grove.Server.Tests;

/// <summary>The run and checkpoint endpoints, and <c>grove ws run/stop</c> / <c>grove restore</c> through a real server.</summary>
[Collection(AgentCollection.Name)]
public sealed class RunAndCheckpointApiTests
{
    [Fact]
    public async Task WsRun_GoesThroughTheServer_StreamsOutput_AndCtrlCStopsIt_WhileDetachAndStopWorkToo()
    {
        await using var bed = await ServerBed.StartAsync();
        using var repo = TestRepository.Create();
        repo.Commit("run", (".grove/worktree.json", """{ "run": "echo hi from $GROVE_PORT; exec sleep 300" }"""));
        var ws = await bed.CreateWorkspaceAsync(repo, "app");
        bed.AnnounceToCli();

        var cli = new InProcessCli(bed.Home);
        using var ctrlC = CancellationTokenSource.CreateLinkedTokenSource(ServerBed.Ct);
        var running = cli.RunAsync(ctrlC.Token, "ws", "run", "app");
        await cli.Out.WaitForAsync("hi from ", ServerBed.Ct);

        var state = await bed.GetJsonAsync<JsonElement>($"api/workspaces/{ws}/run");
        Assert.Equal("running", state.GetProperty("status").GetString());
        var port = state.GetProperty("range").GetProperty("first").GetInt32();
        var output = await bed.GetJsonAsync<JsonElement>($"api/workspaces/{ws}/run/output");
        Assert.Contains(output.EnumerateArray(), l => l.GetProperty("text").GetString() == $"hi from {port}");
        using (var again = await bed.Client.PostAsync(new Uri($"api/workspaces/{ws}/run", UriKind.Relative), null, ServerBed.Ct))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        await ctrlC.CancelAsync();
        Assert.Equal(ExitCodes.Success, await running);
        Assert.Equal("stopped", (await bed.GetJsonAsync<JsonElement>($"api/workspaces/{ws}/run")).GetProperty("status").GetString());

        var detached = new InProcessCli(bed.Home);
        Assert.Equal(ExitCodes.Success, await detached.RunAsync(ServerBed.Ct, "ws", "run", "app", "--detach"));
        Assert.Equal("running", (await bed.GetJsonAsync<JsonElement>($"api/workspaces/{ws}/run")).GetProperty("status").GetString());
        var stop = new InProcessCli(bed.Home);
        Assert.Equal(ExitCodes.Success, await stop.RunAsync(ServerBed.Ct, "ws", "stop", "app"));
        Assert.Contains("stopped", stop.Out.Text);
    }

    [Fact]
    public async Task Checkpoints_AreListedAndRestoredThroughTheApi()
    {
        await using var bed = await ServerBed.StartAsync(withAgent: true);
        bed.AnnounceToCli();
        using var repo = TestRepository.Create();
        var (ws, worktree, _) = await bed.CreateTabAsync(repo);
        bed.Api!.Enqueue(FakeResponse.Text("Nothing to change."));
        var run = new InProcessCli(bed.Home);
        Assert.Equal(ExitCodes.Success, await run.RunAsync(ServerBed.Ct, "run", "agent", "Look around"));
        var later = Path.Combine(worktree, "later.txt");
        File.WriteAllText(later, "made after the turn began\n");

        var list = await bed.GetJsonAsync<JsonElement>($"api/workspaces/{ws}/checkpoints?tab=main");
        var checkpoint = Assert.Single(list.EnumerateArray());
        Assert.Equal(1, checkpoint.GetProperty("number").GetInt32());
        Assert.Equal("Look around", checkpoint.GetProperty("prompt").GetString());
        Assert.Equal("later.txt", Assert.Single(checkpoint.GetProperty("changedSince").EnumerateArray()).GetProperty("path").GetString());

        var restored = await bed.PostJsonAsync($"api/workspaces/{ws}/checkpoints/1/restore", new { tab = "main" });

        Assert.Equal("removed", Assert.Single(restored.GetProperty("files").EnumerateArray()).GetProperty("change").GetString());
        Assert.False(File.Exists(later));
        using var missing = await bed.Client.GetAsync(new Uri($"api/workspaces/{ws}/checkpoints/9", UriKind.Relative), ServerBed.Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
