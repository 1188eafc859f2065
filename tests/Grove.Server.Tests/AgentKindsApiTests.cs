using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grove.Cli;
using Grove.Server.Tests.TestServices;
using Grove.Testing;
using Grove.Testing.Agents;

namespace Grove.Server.Tests;

/// <summary>
/// Choosing a tab's agent through the API and the CLI, with a second kind registered (the real fake
/// agent program under <see cref="FakeAgentKind.Kind"/>): <c>GET /api/agents</c>, creating a tab of a
/// kind, <c>grove run --agent</c> through the server and here, <c>grove tabs</c> and <c>grove agents</c>.
/// </summary>
public sealed class AgentKindsApiTests
{
    private static CancellationToken Ct => ServerBed.Ct;

    [Fact]
    public async Task Agents_endpoint_lists_the_kinds_default_first_with_state_and_capabilities()
    {
        await using var bed = await ServerBed.StartAsync(configureServices: services => services.AddFakeAgentKind());

        var kinds = await bed.GetJsonAsync<JsonElement>("api/agents?refresh=true");

        // The default first; Codex is always registered beside Claude Code.
        var listed = kinds.EnumerateArray().Select(k => k.GetProperty("kind").GetString()).ToList();
        Assert.Equal("claude-code", listed[0]);
        Assert.Equal(["claude-code", "codex", "fake-two"], listed.Order());
        var claude = kinds[0];
        Assert.Equal("Claude Code", claude.GetProperty("displayName").GetString());
        Assert.True(claude.GetProperty("isDefault").GetBoolean());
        Assert.True(claude.GetProperty("canFork").GetBoolean());
        var two = kinds.EnumerateArray().Single(k => k.GetProperty("kind").GetString() == FakeAgentKind.Kind);
        Assert.True(two.GetProperty("usable").GetBoolean());
        Assert.False(two.GetProperty("canFork").GetBoolean());
        Assert.Equal("2.1.328", two.GetProperty("version").GetString());
    }

    [Fact]
    public async Task A_tab_is_created_with_its_agent_kind_and_an_unknown_kind_is_a_one_line_404()
    {
        await using var bed = await ServerBed.StartAsync(configureServices: services => services.AddFakeAgentKind());
        using var repo = TestRepository.Create();
        var workspace = await bed.CreateWorkspaceAsync(repo);

        var tab = await bed.PostJsonAsync($"api/workspaces/{workspace}/tabs", new { name = "two", agentKind = FakeAgentKind.Kind });
        var plain = await bed.PostJsonAsync($"api/workspaces/{workspace}/tabs", new { name = "plain" });
        using var unknown = await bed.Client.PostAsJsonAsync($"api/workspaces/{workspace}/tabs", new { agentKind = "no-such-agent" }, ServerBed.Json, Ct);
        var found = await bed.PostJsonAsync($"api/workspaces/{workspace}/tabs/find-or-create", new { agentKind = FakeAgentKind.Kind });

        Assert.Equal(FakeAgentKind.Kind, tab.GetProperty("agentKind").GetString());
        Assert.Equal("claude-code", plain.GetProperty("agentKind").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var problem = await unknown.Content.ReadAsStringAsync(Ct);
        Assert.Contains("known kinds: ", problem, StringComparison.Ordinal);
        Assert.Contains("fake-two", problem, StringComparison.Ordinal);
        Assert.Equal(tab.GetProperty("id").GetString(), found.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Run_with_agent_through_the_server_makes_a_tab_of_that_kind_and_streams_its_reply()
    {
        await using var bed = await ServerBed.StartAsync(configureServices: services => services.AddFakeAgentKind());
        bed.AnnounceToCli();
        using var repo = TestRepository.Create();
        await bed.CreateWorkspaceAsync(repo, "both");
        await bed.PostJsonAsync("api/workspaces/both/tabs", new { name = "claude" });

        var cli = new InProcessCli(bed.Home);
        var exit = await cli.RunAsync(Ct, "run", "both", "hello two", "--agent", FakeAgentKind.Kind);
        var again = new InProcessCli(bed.Home);
        var exitAgain = await again.RunAsync(Ct, "run", "both", "and again", "--agent", FakeAgentKind.Kind);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("ok: hello two", cli.Out.Text, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, exitAgain);
        Assert.Contains("ok: and again", again.Out.Text, StringComparison.Ordinal);
        var tabs = await bed.GetJsonAsync<JsonElement>("api/workspaces/both/tabs");
        Assert.Equal(["claude-code", "fake-two"], tabs.EnumerateArray().Select(t => t.GetProperty("agentKind").GetString()).Order());
    }

    [Fact]
    public async Task Cli_opens_lists_and_runs_tabs_of_a_kind_here_and_refuses_an_unknown_one()
    {
        await using var bed = await ServerBed.StartAsync(configureServices: services => services.AddFakeAgentKind());
        using var repo = TestRepository.Create();
        await bed.CreateWorkspaceAsync(repo, "local");
        bed.HideFromCli();
        InProcessCli Cli() => new(bed.Home) { ConfigureServices = services => services.AddFakeAgentKind() };

        var opened = Cli();
        Assert.Equal(ExitCodes.Success, await opened.RunAsync(Ct, "tabs", "new", "local", "--agent", FakeAgentKind.Kind, "--name", "second"));
        var run = Cli();
        Assert.Equal(ExitCodes.Success, await run.RunAsync(Ct, "run", "local", "hi here", "--agent", FakeAgentKind.Kind));
        var table = Cli();
        Assert.Equal(ExitCodes.Success, await table.RunAsync(Ct, "tabs", "local"));
        var json = Cli();
        Assert.Equal(ExitCodes.Success, await json.RunAsync(Ct, "tabs", "local", "--json"));
        var agents = Cli();
        Assert.Equal(ExitCodes.Success, await agents.RunAsync(Ct, "agents", "--json"));
        var unknown = Cli();
        var unknownExit = await unknown.RunAsync(Ct, "run", "local", "hi", "--agent", "no-such-agent");

        Assert.Contains("Opened tab 'second' (Fake Two", opened.Out.Text, StringComparison.Ordinal);
        Assert.Contains("ok: hi here", run.Out.Text, StringComparison.Ordinal);
        Assert.Contains("Fake Two", table.Out.Text, StringComparison.Ordinal);
        var listed = JsonDocument.Parse(json.Out.Text).RootElement;
        var only = Assert.Single(listed.EnumerateArray());
        Assert.Equal("second", only.GetProperty("tab").GetProperty("name").GetString());
        Assert.Equal(FakeAgentKind.Kind, only.GetProperty("tab").GetProperty("agentKind").GetString());
        Assert.Equal("Fake Two", only.GetProperty("agent").GetString());
        Assert.Contains(JsonDocument.Parse(agents.Out.Text).RootElement.EnumerateArray(), k => k.GetProperty("kind").GetString() == FakeAgentKind.Kind);
        Assert.Equal(ExitCodes.NotFound, unknownExit);
        var error = unknown.Error.Text.Trim();
        Assert.DoesNotContain('\n', error);
        Assert.Contains("known kinds: ", error, StringComparison.Ordinal);
    }
}
