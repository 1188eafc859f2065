using System.Text.Json;
using Grove.Cli;
using Grove.Server.Tests.TestServices;
using Grove.Testing;

namespace Grove.Server.Tests;

/// <summary>CPU and memory of running agents: <c>GET /api/usage</c>, <c>grove tabs</c> and <c>grove ws list --json</c> against a real server and the real CLI agent.</summary>
[Collection(AgentCollection.Name)]
public sealed class UsageApiTests
{
    [Fact]
    public async Task ARunningAgent_ShowsItsCpuAndMemory_InTheApi_GroveTabs_AndTheWorkspaceList()
    {
        await using var bed = await ServerBed.StartAsync(withAgent: true);
        bed.AnnounceToCli();
        using var repo = TestRepository.Create();
        var (workspace, _, tab) = await bed.CreateTabAsync(repo);
        bed.Api!.Enqueue(FakeResponse.Text("Hi."));
        await bed.PostJsonAsync($"api/tabs/{tab}/messages", new { text = "Say hi" });
        var attach = new InProcessCli(bed.Home);
        Assert.Equal(ExitCodes.Success, await attach.RunAsync(ServerBed.Ct, "attach", tab));

        var usage = await bed.GetJsonAsync<JsonElement>("api/usage");
        var tabs = new InProcessCli(bed.Home);
        Assert.Equal(ExitCodes.Success, await tabs.RunAsync(ServerBed.Ct, "tabs", "--json"));
        var table = new InProcessCli(bed.Home);
        Assert.Equal(ExitCodes.Success, await table.RunAsync(ServerBed.Ct, "tabs"));
        var list = new InProcessCli(bed.Home);
        Assert.Equal(ExitCodes.Success, await list.RunAsync(ServerBed.Ct, "ws", "list", "--json"));

        var agent = Assert.Single(usage.GetProperty("agents").EnumerateArray());
        Assert.Equal(tab, agent.GetProperty("tabId").GetString());
        Assert.True(agent.GetProperty("residentBytes").GetInt64() > 10 * 1024 * 1024);
        Assert.Equal(workspace, Assert.Single(usage.GetProperty("workspaces").EnumerateArray()).GetProperty("workspaceId").GetString());
        var cliTab = Assert.Single(JsonDocument.Parse(tabs.Out.Text).RootElement.EnumerateArray());
        Assert.True(cliTab.GetProperty("usage").GetProperty("residentBytes").GetInt64() > 0);
        Assert.Matches(@"\d+% · \d+ MB", table.Out.Text);
        var cliWorkspace = Assert.Single(JsonDocument.Parse(list.Out.Text).RootElement.EnumerateArray());
        Assert.Equal(1, cliWorkspace.GetProperty("usage").GetProperty("agents").GetInt32());
    }
}
