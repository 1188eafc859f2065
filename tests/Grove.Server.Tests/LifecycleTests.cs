using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Grove.Core.Domain;
using Grove.Core.Paths;
using Grove.Server.Tests.TestServices;
using Grove.Services.Agents;
using Grove.Services.Hosting;
using Grove.Services.Projects;
using Grove.Services.Workspaces;
using Grove.Testing;

namespace Grove.Server.Tests;

/// <summary>Start-up recovery and stopping a turn over HTTP.</summary>
[Collection(AgentCollection.Name)]
public sealed class LifecycleTests
{
    [Fact]
    public async Task StartUp_MarksTabsLeftRunningByACrash_AsInterrupted()
    {
        using var home = new TempDirectory("grove-recover");
        using var repo = TestRepository.Create();
        var paths = new GrovePaths(home.Path);
        string tabId;
        await using (var app = await GroveApp.StartAsync(paths, cancellationToken: ServerBed.Ct))
        {
            var project = await app.Get<IProjectService>().AddAsync(repo.Path, cancellationToken: ServerBed.Ct);
            var ws = (await app.Get<IWorkspaceService>().CreateAsync(new() { Project = project.Id, Name = "w", NoFetch = true }, cancellationToken: ServerBed.Ct)).Workspace;
            var tabs = app.Get<IAgentTabs>();
            tabId = (await tabs.CreateAsync(new CreateTabRequest { Workspace = ws.Id }, ServerBed.Ct)).Id;
            await tabs.UpdateAsync(tabId, t => t with { Status = AgentTabStatus.Running }, ServerBed.Ct);
        }

        await using var server = await GroveServer.BuildAsync(paths, new ServerOptions { Port = 0 }, cancellationToken: ServerBed.Ct);
        await server.StartAsync(ServerBed.Ct);
        using var http = new HttpClient { BaseAddress = server.Endpoint.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Token.Value);
        var view = await http.GetFromJsonAsync<JsonElement>($"api/tabs/{tabId}", ServerBed.Ct);

        Assert.Equal("interrupted", view.GetProperty("tab").GetProperty("status").GetString());
        await server.StopAsync(ServerBed.Ct);
    }

    [Fact]
    public async Task Interrupt_OverHttp_EndsAHangingTurn()
    {
        await using var bed = await ServerBed.StartAsync(withAgent: true);
        using var repo = TestRepository.Create();
        var (_, _, tab) = await bed.CreateTabAsync(repo);
        var hang = new FakeGate();
        bed.Api!.Enqueue(FakeResponse.Hang(hang));

        using var stream = await SseFrames.OpenAsync(bed.Client, $"api/tabs/{tab}/stream");
        await bed.PostJsonAsync($"api/tabs/{tab}/messages", new { text = "Take forever" });
        await hang.Reached.WaitAsync(ServerBed.Ct);
        await bed.PostJsonAsync($"api/tabs/{tab}/interrupt", null);
        var frames = await stream.ReadUntilAsync(f => f.Event == "result", ServerBed.Ct);

        // The fake API never answers, so only the interrupt can have ended this turn.
        var result = JsonDocument.Parse(frames[^1].Data).RootElement;
        Assert.NotEqual("completed", result.TryGetProperty("terminalReason", out var reason) ? reason.GetString() : null);
    }
}
