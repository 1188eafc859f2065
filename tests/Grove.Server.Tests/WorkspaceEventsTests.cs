using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Grove.Cli;
using Grove.Server.Tests.TestServices;
using Grove.Services.Changes;
using Grove.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Server.Tests;

/// <summary><c>GET /api/workspaces/{ws}/events</c> and <c>grove ws watch</c> on a real server, a real worktree and its real watcher.</summary>
[Collection(AgentCollection.Name)]
public sealed class WorkspaceEventsTests
{
    [Fact]
    public async Task WritingAFile_EmitsFilesChanged_ThenTheNewStatus()
    {
        await using var bed = await ServerBed.StartAsync();
        using var repo = TestRepository.Create();
        var (workspace, worktree) = await CreateWorkspaceAsync(bed, repo, "ws");

        using var events = await SseFrames.OpenAsync(bed.Client, $"api/workspaces/{workspace}/events");
        var first = await events.ReadUntilAsync(f => f.Event == "status", ServerBed.Ct);
        WriteLines(worktree, "src/a.cs", 3);
        var frames = await events.ReadUntilAsync(f => f.Event == "status" && Data(f).GetProperty("changedFiles").GetInt32() == 1, ServerBed.Ct);

        var initial = Data(Assert.Single(first));
        Assert.Equal(workspace, initial.GetProperty("workspaceId").GetString());
        Assert.Equal(0, initial.GetProperty("changedFiles").GetInt32());
        var change = frames.Where(f => f.Event == "files_changed").Select(Data).ToList();
        Assert.Contains(change, c => c.GetProperty("paths").EnumerateArray().Any(p => p.GetString() == "src/a.cs"));
        Assert.All(change, c => Assert.Equal(workspace, c.GetProperty("workspaceId").GetString()));
        Assert.Contains(change, c => c.GetProperty("kinds").EnumerateArray().Any(k => k.GetString() == "workingFiles"));
        var status = Data(frames[^1]);
        Assert.Equal(3, status.GetProperty("added").GetInt32());
        Assert.Equal(0, status.GetProperty("deleted").GetInt32());
        Assert.All(frames, f => Assert.Null(f.Id));
    }

    [Fact]
    public async Task Disconnecting_ReleasesTheSharedWatch()
    {
        await using var bed = await ServerBed.StartAsync();
        using var repo = TestRepository.Create();
        var (workspace, _) = await CreateWorkspaceAsync(bed, repo, "ws");
        var hub = bed.Server.Services.GetRequiredService<WorkspaceWatchHub>();
        using var client = bed.NewClient(new SocketsHttpHandler { UseCookies = false, MaxResponseDrainSize = 0 });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bed.Server.Token.Value);

        using (var first = await SseFrames.OpenAsync(client, $"api/workspaces/{workspace}/events"))
        using (var second = await SseFrames.OpenAsync(bed.Client, $"api/workspaces/{workspace}/events"))
        {
            await first.ReadUntilAsync(f => f.Event == "status", ServerBed.Ct);
            await second.ReadUntilAsync(f => f.Event == "status", ServerBed.Ct);
            Assert.Equal(1, hub.WatchedCount);
        }

        Assert.True(SpinWait.SpinUntil(() => hub.WatchedCount == 0, TestTimeouts.Default), "The worktree is still watched after the clients left.");
    }

    [Fact]
    public async Task TabStatus_OfThisWorkspacesTabAppears_AnotherWorkspacesDoesNot()
    {
        await using var bed = await ServerBed.StartAsync(withAgent: true);
        using var repo = TestRepository.Create();
        var (workspace, _, tab) = await bed.CreateTabAsync(repo);
        var project = (await bed.GetJsonAsync<JsonElement>($"api/workspaces/{workspace}")).GetProperty("projectId").GetString();
        var created = await bed.PostJsonAsync("api/workspaces", new { project, name = "other", noFetch = true });
        var other = created.GetProperty("result").GetProperty("workspace").GetProperty("id").GetString();
        var otherTab = (await bed.PostJsonAsync($"api/workspaces/{other}/tabs", new { name = "side" })).GetProperty("id").GetString()!;
        bed.Api!.Enqueue(FakeResponse.Text("other workspace"));
        bed.Api.Enqueue(FakeResponse.Text("this workspace"));

        using var events = await SseFrames.OpenAsync(bed.Client, $"api/workspaces/{workspace}/events");
        using var everyTab = await SseFrames.OpenAsync(bed.Client, "api/events");
        await events.ReadUntilAsync(f => f.Event == "status", ServerBed.Ct);
        await bed.PostJsonAsync($"api/tabs/{otherTab}/messages", new { text = "hi" });
        await everyTab.ReadUntilAsync(f => f.Data.Contains(otherTab) && f.Data.Contains("\"idle\""), ServerBed.Ct);
        await bed.PostJsonAsync($"api/tabs/{tab}/messages", new { text = "hi" });
        var frames = await events.ReadUntilAsync(f => f.Event == "tab_status" && Data(f).GetProperty("status").GetString() == "idle", ServerBed.Ct);

        var statuses = frames.Where(f => f.Event == "tab_status").Select(Data).ToList();
        Assert.All(statuses, s => Assert.Equal(tab, s.GetProperty("tabId").GetString()));
        Assert.All(statuses, s => Assert.Equal("main", s.GetProperty("name").GetString()));
        Assert.Contains(statuses, s => s.GetProperty("status").GetString() == "running");
        Assert.DoesNotContain(frames, f => f.Data.Contains(otherTab, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutToken_Is401_AndCrossOrigin_Is403()
    {
        await using var bed = await ServerBed.StartAsync();
        using var repo = TestRepository.Create();
        var (workspace, _) = await CreateWorkspaceAsync(bed, repo, "ws");

        using var anonymous = await bed.Anonymous.GetAsync($"api/workspaces/{workspace}/events", HttpCompletionOption.ResponseHeadersRead, ServerBed.Ct);
        // No Accept header: the path alone marks it as a stream that must come from Grove's own page.
        using var foreign = new HttpRequestMessage(HttpMethod.Get, $"api/workspaces/{workspace}/events") { Headers = { { "Origin", "http://evil.example" } } };
        using var refused = await bed.Client.SendAsync(foreign, HttpCompletionOption.ResponseHeadersRead, ServerBed.Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task UnknownWorkspace_IsA404Problem()
    {
        await using var bed = await ServerBed.StartAsync();

        using var response = await bed.Client.GetAsync("api/workspaces/nope/events", HttpCompletionOption.ResponseHeadersRead, ServerBed.Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, bed.Server.Services.GetRequiredService<WorkspaceWatchHub>().WatchedCount);
    }

    [Fact]
    public async Task WsWatch_PrintsTheChange_AsALineAndAsJson_UntilCancelled()
    {
        await using var bed = await ServerBed.StartAsync();
        bed.AnnounceToCli();
        using var repo = TestRepository.Create();
        var (_, worktree) = await CreateWorkspaceAsync(bed, repo, "watched");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ServerBed.Ct);
        var text = new InProcessCli(bed.Home);
        var json = new InProcessCli(bed.Home);

        var watching = text.RunAsync(stop.Token, "ws", "watch", "repo/watched");
        var watchingJson = json.RunAsync(stop.Token, "ws", "watch", "watched", "--json");
        await text.Out.WaitForAsync(" status: +0 -0 in 0 files", ServerBed.Ct);
        await json.Out.WaitForAsync("\"event\":\"status\"", ServerBed.Ct);
        WriteLines(worktree, "src/über.cs", 3);
        var printed = await text.Out.WaitForAsync("(+3 -0 in 1 file)", ServerBed.Ct);
        var printedJson = await json.Out.WaitForAsync("\"added\":3", ServerBed.Ct);
        await stop.CancelAsync();

        Assert.Equal(ExitCodes.Success, await watching);
        Assert.Equal(ExitCodes.Success, await watchingJson);
        Assert.Contains(" changed src/über.cs (+3 -0 in 1 file)", printed);
        var lines = printedJson.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(lines, l => l.GetProperty("event").GetString() == "files_changed"
            && l.GetProperty("data").GetProperty("paths").EnumerateArray().Any(p => p.GetString() == "src/über.cs"));
        Assert.Equal("status", lines[^1].GetProperty("event").GetString());
        Assert.Contains("src/über.cs", printedJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WsWatch_WithoutAServer_ExitsServerNotRunning()
    {
        using var home = new TempDirectory("grove-noserver");
        var cli = new InProcessCli(home.Path);

        Assert.Equal(ExitCodes.ServerNotRunning, await cli.RunAsync(ServerBed.Ct, "ws", "watch", "any"));
        Assert.Contains("no Grove server is running", cli.Error.Text);
    }

    private static async Task<(string Id, string Worktree)> CreateWorkspaceAsync(ServerBed bed, TestRepository repo, string name)
    {
        var id = await bed.CreateWorkspaceAsync(repo, name);
        var workspace = await bed.GetJsonAsync<JsonElement>($"api/workspaces/{id}");
        return (id, workspace.GetProperty("worktreePath").GetString()!);
    }

    private static void WriteLines(string worktree, string path, int count)
    {
        var file = Path.Combine(worktree, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllLines(file, Enumerable.Range(1, count).Select(i => $"line {i}"));
    }

    private static JsonElement Data(SseFrame frame) => JsonDocument.Parse(frame.Data).RootElement;
}
