using System.Text.Json;
using System.Text.RegularExpressions;
using Grove.Cli;
using Grove.Server.Tests.TestServices;
using Grove.Services.Agents;
using Grove.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Server.Tests;

/// <summary>
/// <c>grove run</c> while <c>grove serve</c> runs for the same data folder: the server's run service
/// owns the agent (real Claude CLI, fake API), the CLI prints and answers what a local run would.
/// </summary>
[Collection(AgentCollection.Name)]
public sealed partial class RunThroughServerTests
{
    [Fact]
    public async Task Run_WithAServer_TheServerRunsTheTurn_AndASecondSubscriberSeesItLive()
    {
        await using var bed = await ServerBed.StartAsync(withAgent: true);
        bed.AnnounceToCli();
        using var repo = TestRepository.Create();
        var (_, _, tab) = await bed.CreateTabAsync(repo);
        var pause = new FakeGate();
        bed.Api!.Enqueue(FakeResponse.Text("Hello ", "from the server.").WithPauseBeforeDelta(1, pause));
        using var ui = await SseFrames.OpenAsync(bed.Client, $"api/tabs/{tab}/stream");

        var cli = new InProcessCli(bed.Home);
        var running = cli.RunAsync(ServerBed.Ct, "run", "agent", "Say hello");
        await pause.Reached.WaitAsync(ServerBed.Ct);
        var seen = await ui.ReadUntilAsync(f => f.Event == "delta", ServerBed.Ct);
        await cli.Out.WaitForAsync("Hello ", ServerBed.Ct);

        // Mid-turn: the UI's subscriber has the live (never stored) delta the CLI is printing.
        Assert.False(running.IsCompleted);
        Assert.Contains(seen, f => f.Event == "user" && f.Data.Contains("Say hello", StringComparison.Ordinal));
        pause.Release();
        await ui.ReadUntilAsync(f => f.Event == "result", ServerBed.Ct);

        Assert.Equal(ExitCodes.Success, await running);
        Assert.Contains("> Say hello", cli.Out.Text);
        Assert.Contains("Hello from the server.", cli.Out.Text);
        Assert.Contains("— done", cli.Out.Text);

        // The agent process belongs to the server and stays warm for the next turn.
        Assert.NotNull(bed.Server.Services.GetRequiredService<IAgentRuns>().ProcessIdOf(tab));
        bed.Api.EnsureScriptCompleted();
    }

    [Fact]
    public async Task Run_WithAServer_AsksPermissionsFromItsInput_AndPrintsWhatALocalRunPrints()
    {
        await using var bed = await ServerBed.StartAsync(withAgent: true);
        using var repo = TestRepository.Create();
        var (_, worktree, _) = await bed.CreateTabAsync(repo);
        var allowed = Path.Combine(worktree, "allowed.txt");
        var refused = Path.Combine(worktree, "refused.txt");
        void Script(string id) => bed.Api!.Enqueue(
            FakeResponse.ToolUse("Write", new { file_path = allowed, content = "yes\n" }, $"toolu_{id}_a"),
            FakeResponse.ToolUse("Write", new { file_path = refused, content = "no\n" }, $"toolu_{id}_b"),
            FakeResponse.Text("One written, one refused."));
        const string typed = "y\nn\nNot that one.\n";

        Script("local");
        var local = bed.LocalCli(typed);
        Assert.Equal(ExitCodes.Success, await local.RunAsync(ServerBed.Ct, "run", "agent", "Write two files", "--tab", "local"));
        File.Delete(allowed);

        bed.AnnounceToCli();
        Script("remote");
        var remote = new InProcessCli(bed.Home) { Input = typed };
        var exit = await remote.RunAsync(ServerBed.Ct, "run", "agent", "Write two files", "--tab", "remote");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal("yes\n", File.ReadAllText(allowed));
        Assert.False(File.Exists(refused));
        Assert.Contains("Not that one.", bed.Api!.FindToolResult("toolu_remote_b")!.Content);
        Assert.Contains("Allow Write", remote.Out.Text);
        Assert.Equal(Normalize(local.Out.Text), Normalize(remote.Out.Text));
        var tabs = await bed.GetJsonAsync<JsonElement>("api/tabs");
        Assert.Contains(tabs.EnumerateArray(), t => t.GetProperty("name").GetString() == "remote");
        bed.Api.EnsureScriptCompleted();
    }

    [Fact]
    public async Task Run_WithAServer_WhenTheAgentFails_ExitsWithTheCodeOfALocalRun()
    {
        await using var bed = await ServerBed.StartAsync(withAgent: true);
        using var repo = TestRepository.Create();
        await bed.CreateTabAsync(repo);

        bed.Api!.Enqueue(FakeResponse.Error(401, "authentication_error", "invalid x-api-key", shouldRetry: false));
        var local = bed.LocalCli();
        var localExit = await local.RunAsync(ServerBed.Ct, "run", "agent", "Hello?", "--tab", "local");

        bed.AnnounceToCli();
        bed.Api.Enqueue(FakeResponse.Error(401, "authentication_error", "invalid x-api-key", shouldRetry: false));
        var remote = new InProcessCli(bed.Home);
        var remoteExit = await remote.RunAsync(ServerBed.Ct, "run", "agent", "Hello?", "--tab", "remote");

        Assert.Equal(ExitCodes.AgentFailed, localExit);
        Assert.Equal(localExit, remoteExit);
        Assert.Contains("error:", remote.Out.Text);
        Assert.Equal(Normalize(local.Out.Text), Normalize(remote.Out.Text));
        var tab = await bed.GetJsonAsync<JsonElement>("api/tabs/agent:remote");
        Assert.Equal("error", tab.GetProperty("tab").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Run_WithAServer_CtrlC_InterruptsTheServersTurn_AndExitsLikeALocalRun()
    {
        await using var bed = await ServerBed.StartAsync(withAgent: true);
        using var repo = TestRepository.Create();
        await bed.CreateTabAsync(repo);

        async Task<(int Exit, FakeGate Hang)> InterruptedRunAsync(InProcessCli cli, string tab)
        {
            var hang = new FakeGate();
            bed.Api!.Enqueue(FakeResponse.Hang(hang));
            using var ctrlC = CancellationTokenSource.CreateLinkedTokenSource(ServerBed.Ct);
            var running = cli.RunAsync(ctrlC.Token, "run", "agent", "Take forever", "--tab", tab);
            await hang.Reached.WaitAsync(ServerBed.Ct);
            await ctrlC.CancelAsync();
            return (await running.WaitAsync(ServerBed.Ct), hang);
        }

        var (localExit, _) = await InterruptedRunAsync(bed.LocalCli(), "local");
        bed.AnnounceToCli();
        var remote = new InProcessCli(bed.Home);
        var (remoteExit, remoteHang) = await InterruptedRunAsync(remote, "remote");

        Assert.Equal(ExitCodes.Cancelled, localExit);
        Assert.Equal(localExit, remoteExit);
        Assert.False(remoteHang.IsReleased);
        Assert.Contains("interrupting", remote.Error.Text);
        // The run returns after the status that follows the turn's end (RunThroughServerSettleTests).
        var tab = await bed.GetJsonAsync<JsonElement>("api/tabs/agent:remote");
        Assert.False(tab.GetProperty("busy").GetBoolean());
        Assert.Equal("interrupted", tab.GetProperty("tab").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Run_WithAServer_WhileATurnRuns_QueuesAndFollowsItsOwnTurnToTheEnd()
    {
        await using var bed = await ServerBed.StartAsync(withAgent: true);
        bed.AnnounceToCli();
        using var repo = TestRepository.Create();
        var (_, _, tab) = await bed.CreateTabAsync(repo);
        var hang = new FakeGate();
        bed.Api!.Enqueue(FakeResponse.Hang(hang, "First turn over."), FakeResponse.Text("Second turn here."));
        await bed.PostJsonAsync($"api/tabs/{tab}/messages", new { text = "First, from the UI" });
        await hang.Reached.WaitAsync(ServerBed.Ct);

        var cli = new InProcessCli(bed.Home);
        var running = cli.RunAsync(ServerBed.Ct, "run", "agent", "Second, from the terminal");
        await cli.Error.WaitForAsync("queued at position 1", ServerBed.Ct);
        hang.Release();

        var exit = await running;
        Assert.True(exit == ExitCodes.Success, $"exit {exit}\nOUT:\n{cli.Out.Text}\nERR:\n{cli.Error.Text}");
        var output = cli.Out.Text;
        Assert.True(output.IndexOf("First turn over.", StringComparison.Ordinal) < output.IndexOf("> Second, from the terminal", StringComparison.Ordinal));
        Assert.EndsWith("Second turn here.", output[..output.LastIndexOf("— done", StringComparison.Ordinal)].TrimEnd());
        bed.Api.EnsureScriptCompleted();
    }

    [Fact]
    public async Task Run_WithAServer_WhenTheUiInterruptsTheTurnAhead_SaysItsQueuedMessageStaysQueued()
    {
        await using var bed = await ServerBed.StartAsync(withAgent: true);
        bed.AnnounceToCli();
        using var repo = TestRepository.Create();
        var (_, _, tab) = await bed.CreateTabAsync(repo);
        var hang = new FakeGate();
        bed.Api!.Enqueue(FakeResponse.Hang(hang));
        await bed.PostJsonAsync($"api/tabs/{tab}/messages", new { text = "First, from the UI" });
        await hang.Reached.WaitAsync(ServerBed.Ct);
        var cli = new InProcessCli(bed.Home);
        var running = cli.RunAsync(ServerBed.Ct, "run", "agent", "Never sent");
        await cli.Error.WaitForAsync("queued at position 1", ServerBed.Ct);

        // Esc in the UI interrupts the running turn; the queue behind it is kept (held for the next message).
        await bed.PostJsonAsync($"api/tabs/{tab}/interrupt", null);

        Assert.Equal(ExitCodes.AgentFailed, await running);
        Assert.Contains("the message stays queued", cli.Error.Text);
        Assert.Equal(1, bed.Api.RequestCount);
    }

    [Fact]
    public async Task Run_WithAServer_CreatesTheNamedTab_WithItsOptionsBeforeTheTurn()
    {
        await using var bed = await ServerBed.StartAsync(withAgent: true);
        bed.AnnounceToCli();
        using var repo = TestRepository.Create();
        var (_, worktree, _) = await bed.CreateTabAsync(repo);
        var file = Path.Combine(worktree, "edited.txt");
        bed.Api!.Enqueue(FakeResponse.ToolUse("Write", new { file_path = file, content = "no question asked\n" }), FakeResponse.Text("Written."));

        var project = (await bed.GetJsonAsync<JsonElement>("api/projects"))[0].GetProperty("name").GetString();

        // No input: had the tab still asked, the answer would have been "no".
        var cli = new InProcessCli(bed.Home);
        var exit = await cli.RunAsync(ServerBed.Ct, "run", $"{project}/agent", "Edit freely", "--tab", "editor", "--accept-edits");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal("no question asked\n", File.ReadAllText(file));
        Assert.DoesNotContain("Allow Write", cli.Out.Text);
        var tab = await bed.GetJsonAsync<JsonElement>("api/tabs/agent:editor");
        Assert.Equal("acceptEdits", tab.GetProperty("tab").GetProperty("permissionMode").GetString());
    }

    /// <summary>Durations, costs and token counts differ between two runs; the rest must not.</summary>
    private static string Normalize(string output) => TurnTotals().Replace(output, "— $1");

    [GeneratedRegex("— (done|failed) in .*")]
    private static partial Regex TurnTotals();
}
