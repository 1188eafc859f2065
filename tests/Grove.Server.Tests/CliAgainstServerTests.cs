using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Grove.Cli;
using Grove.Server.Hosting;
using Grove.Server.Tests.TestServices;
using Grove.Testing;

namespace Grove.Server.Tests;

/// <summary><c>grove serve</c>, <c>attach</c>, <c>approve</c> and <c>approvals</c> talking to a real server.</summary>
[Collection(AgentCollection.Name)]
public sealed class CliAgainstServerTests
{
    [Fact]
    public async Task Attach_FollowsTheTurn_AndApprove_UnblocksIt()
    {
        await using var bed = await ServerBed.StartAsync(withAgent: true);
        ServerInfoFile.Write(bed.Paths, new ServerInfo(bed.Port, Environment.ProcessId, DateTimeOffset.UtcNow));
        using var repo = TestRepository.Create();
        var (_, worktree, tab) = await bed.CreateTabAsync(repo);
        var file = Path.Combine(worktree, "cli.txt");
        bed.Api!.Enqueue(FakeResponse.ToolUse("Write", new { file_path = file, content = "from cli\n" }, "toolu_cli1"), FakeResponse.Text("All written."));
        await bed.PostJsonAsync($"api/tabs/{tab}/messages", new { text = "Write cli.txt" });

        var attach = new InProcessCli(bed.Home);
        var attached = attach.RunAsync(ServerBed.Ct, "attach", tab);
        var shown = await attach.Out.WaitForAsync("grove deny ", ServerBed.Ct);
        var requestId = shown.Split("grove approve ")[1].Split(' ')[0].Trim();

        var listing = new InProcessCli(bed.Home);
        Assert.Equal(ExitCodes.Success, await listing.RunAsync(ServerBed.Ct, "approvals"));
        Assert.Contains(requestId, listing.Out.Text);
        var row = Assert.Single(listing.Out.Text.Split('\n'), l => l.Contains(requestId, StringComparison.Ordinal));
        Assert.Contains(" agent ", row);
        Assert.Contains(" main ", row);
        Assert.DoesNotContain(tab, row);

        var approve = new InProcessCli(bed.Home);
        Assert.Equal(ExitCodes.Success, await approve.RunAsync(ServerBed.Ct, "approve", requestId));
        var exit = await attached;

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal("from cli\n", File.ReadAllText(file));
        Assert.Contains("> Write cli.txt", attach.Out.Text);
        Assert.Contains("All written.", attach.Out.Text);
        Assert.Contains("— done", attach.Out.Text);
    }

    [Fact]
    public async Task Deny_SendsTheMessageToTheAgent()
    {
        await using var bed = await ServerBed.StartAsync(withAgent: true);
        ServerInfoFile.Write(bed.Paths, new ServerInfo(bed.Port, Environment.ProcessId, DateTimeOffset.UtcNow));
        using var repo = TestRepository.Create();
        var (_, worktree, tab) = await bed.CreateTabAsync(repo);
        var file = Path.Combine(worktree, "no.txt");
        bed.Api!.Enqueue(FakeResponse.ToolUse("Write", new { file_path = file, content = "x" }, "toolu_cli2"), FakeResponse.Text("Fine."));
        var attach = new InProcessCli(bed.Home);
        var attached = attach.RunAsync(ServerBed.Ct, "attach", tab);
        await bed.PostJsonAsync($"api/tabs/{tab}/messages", new { text = "Write no.txt" });
        var shown = await attach.Out.WaitForAsync("grove deny ", ServerBed.Ct);
        var requestId = shown.Split("grove approve ")[1].Split(' ')[0].Trim();

        var deny = new InProcessCli(bed.Home);
        Assert.Equal(ExitCodes.Success, await deny.RunAsync(ServerBed.Ct, "deny", requestId, "--message", "Not that file."));

        Assert.Equal(ExitCodes.Success, await attached);
        Assert.False(File.Exists(file));
        Assert.Contains("Not that file.", bed.Api.FindToolResult("toolu_cli2")!.Content);
    }

    [Fact]
    public async Task ApproveAndDeny_WithAnUnknownId_SayThatGroveApprovalsListsThem()
    {
        await using var bed = await ServerBed.StartAsync();
        bed.AnnounceToCli();

        var approve = new InProcessCli(bed.Home);
        var deny = new InProcessCli(bed.Home);

        Assert.Equal(ExitCodes.NotFound, await approve.RunAsync(ServerBed.Ct, "approve", "perm_unknown"));
        Assert.Equal(ExitCodes.NotFound, await deny.RunAsync(ServerBed.Ct, "deny", "perm_unknown"));
        Assert.Contains("'grove approvals' lists the pending ones", approve.Error.Text);
        Assert.DoesNotContain("grove tabs", approve.Error.Text);
        Assert.Contains("'grove approvals' lists the pending ones", deny.Error.Text);
    }

    [Fact]
    public async Task RemoteCommands_WithoutAServer_SayHowToStartOne()
    {
        using var home = new TempDirectory("grove-noserver");
        var cli = new InProcessCli(home.Path);

        var exit = await cli.RunAsync(ServerBed.Ct, "approvals");

        Assert.Equal(ExitCodes.ServerNotRunning, exit);
        Assert.Contains("no Grove server is running; start one with `grove serve`", cli.Error.Text);

        // A server.json left by a dead process counts as no server.
        using var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await gone.WaitForExitAsync(ServerBed.Ct);
        ServerInfoFile.Write(new Grove.Core.Paths.GrovePaths(home.Path), new ServerInfo(4477, gone.Id, DateTimeOffset.UtcNow));
        var stale = new InProcessCli(home.Path);
        Assert.Equal(ExitCodes.ServerNotRunning, await stale.RunAsync(ServerBed.Ct, "attach", "tab_x"));
    }

    [Fact]
    public async Task Serve_PrintsTheLoginUrl_WritesServerJson_AndCleansUpOnCancel()
    {
        using var home = new TempDirectory("grove-serve");
        var paths = new Grove.Core.Paths.GrovePaths(home.Path);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ServerBed.Ct);
        var cli = new InProcessCli(home.Path);
        var serving = cli.RunAsync(stop.Token, "serve", "--port", "0", "--no-open");

        var printed = await cli.Out.WaitForAsync("Press Ctrl-C", ServerBed.Ct);
        var info = ServerInfoFile.Read(paths);
        Assert.NotNull(info);
        Assert.Equal(Environment.ProcessId, info.Pid);
        Assert.Contains($"http://127.0.0.1:{info.Port}/login?token=", printed);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{info.Port}/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Grove.Server.Security.ServerToken.PathIn(paths)));
        using var response = await http.GetAsync("api/projects", ServerBed.Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // A second server on the same data folder (another terminal, a second `grove serve`) is refused in one line.
        var second = new InProcessCli(home.Path);
        Assert.Equal(ExitCodes.For(Grove.Core.Errors.ErrorKind.Conflict), await second.RunAsync(ServerBed.Ct, "serve", "--port", "0", "--no-open"));
        Assert.Contains($"A Grove server already runs for this data folder on port {info.Port}", second.Error.ToString());
        Assert.Single(second.Error.ToString().Trim().Split('\n'));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/projects", ServerBed.Ct)).StatusCode);

        await stop.CancelAsync();
        Assert.Equal(ExitCodes.Success, await serving);
        Assert.False(File.Exists(ServerInfoFile.PathIn(paths)));

        // Once it stopped, the data folder is free again.
        using var stopAgain = CancellationTokenSource.CreateLinkedTokenSource(ServerBed.Ct);
        var third = new InProcessCli(home.Path);
        var servingAgain = third.RunAsync(stopAgain.Token, "serve", "--port", "0", "--no-open");
        await third.Out.WaitForAsync("Press Ctrl-C", ServerBed.Ct);
        await stopAgain.CancelAsync();
        Assert.Equal(ExitCodes.Success, await servingAgain);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync("api/projects", ServerBed.Ct));
    }
}
