using Grove.Core.Agents;
using Grove.Core.Mcp;
using Grove.Services.Agents;
using Grove.Services.Mcp;
using Grove.Services.Tests.Agents;
using Grove.Testing;
using Grove.Testing.Mcp;

namespace Grove.Services.Tests.Mcp;

/// <summary>End to end: the real Claude Code CLI calls a real MCP server that Grove handed it, after the user trusted it.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class McpRunTests
{
    [Fact]
    public async Task The_agent_calls_the_trusted_project_server_and_gets_its_real_result()
    {
        await using var bed = await AgentBed.StartAsync();
        File.WriteAllText(
            Path.Combine(bed.Repo.Path, ".mcp.json"),
            $$"""{ "mcpServers": { "everything": { "command": "node", "args": ["{{McpEverything.EntryPath}}", "stdio"] } } }""");
        var servers = bed.App.App.Get<IMcpServers>();
        var trust = await servers.TrustAsync(bed.Repo.Path, AgentBed.Ct);
        Assert.Equal(["everything"], trust.Servers.Select(s => s.Name));
        bed.Api.Enqueue(
            FakeResponse.ToolUse("mcp__everything__echo", new { message = "hello from grove" }, "toolu_mcp1"),
            FakeResponse.Text("The server echoed."));

        await bed.Runs.SendAsync(bed.Tab.Id, "Echo something", AgentBed.Ct);
        var approval = await bed.WaitForApprovalAsync();
        await bed.Runs.AnswerAsync(approval.Id, ApprovalAnswer.Once, AgentBed.Ct);
        Assert.False((await bed.WaitForResultAsync()).IsError);

        var result = bed.Api.FindToolResult("toolu_mcp1");
        Assert.NotNull(result);
        Assert.False(result.IsError, result.Content);
        Assert.Contains("Echo: hello from grove", result.Content, StringComparison.Ordinal);
        var init = Assert.Single(bed.Stored<InitEvent>());
        Assert.Contains(init.McpServers, s => s.Name == "everything" && s.Status == "connected");
        var folder = bed.App.App.Get<McpRunConfig>().Folder;
        var config = Assert.Single(Directory.GetFiles(Assert.Single(Directory.GetDirectories(folder))));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(config));
        await bed.Runs.StopAsync(bed.Tab.Id, AgentBed.Ct);
        Assert.Empty(Directory.GetDirectories(folder));
    }

    [Fact]
    public async Task An_untrusted_server_is_left_out_with_a_notice_naming_it()
    {
        await using var bed = await AgentBed.StartAsync();
        File.WriteAllText(Path.Combine(bed.Repo.Path, ".mcp.json"), """{ "mcpServers": { "sneaky": { "command": "touch", "args": ["/tmp/should-not-run"] } } }""");
        bed.Api.Enqueue(FakeResponse.Text("Hi."));

        await bed.Runs.SendAsync(bed.Tab.Id, "Hello", AgentBed.Ct);
        await bed.WaitForResultAsync();

        var notice = Assert.Single(bed.Stored<SystemEvent>(), e => e.Raw.TryGetProperty("mcp_server", out _));
        Assert.Equal(McpNotice.LeftOutMessage("sneaky", "not trusted (approve the project's .mcp.json)"), notice.Raw.GetProperty("message").GetString());
        Assert.Empty(Assert.Single(bed.Stored<InitEvent>()).McpServers);
        Assert.Equal(McpServerStatus.NotTrusted, Assert.Single((await bed.App.App.Get<IMcpServers>().ListAsync(bed.Repo.Path, null, false, AgentBed.Ct)).Servers).Probe.Status);
    }
}

/// <summary>End to end: after an OAuth sign-in, the real Claude Code CLI calls an OAuth-protected HTTP server with Grove's fresh token.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class McpSignedInRunTests
{
    [Fact]
    public async Task After_sign_in_the_agent_calls_the_protected_server_with_the_bearer_token()
    {
        await using var bed = await AgentBed.StartAsync();
        await using var secure = await Grove.Testing.FakeOAuth.FakeMcpOAuthServer.StartAsync(cancellationToken: AgentBed.Ct);
        var port = LoopbackPorts.Free();
        await bed.App.App.Get<Grove.Services.Settings.ISettingsService>().SetAsync(
            Grove.Services.SettingKeys.McpOAuthCallbackPort, port.ToString(System.Globalization.CultureInfo.InvariantCulture), AgentBed.Ct);
        var servers = bed.App.App.Get<IMcpServers>();
        await servers.SaveAsync(
            new McpAddRequest(new McpServerDefinition { Name = "secure", Transport = McpTransport.Http, Url = secure.McpUrl.AbsoluteUri }, McpScope.User, null),
            AgentBed.Ct);
        Assert.Equal(McpServerStatus.NeedsSignIn, (await servers.TestAsync("secure", bed.Repo.Path, null, AgentBed.Ct)).Probe.Status);

        var started = await bed.App.App.Get<IMcpSignIn>().StartAsync(secure.McpUrl.AbsoluteUri, cancellationToken: AgentBed.Ct);
        using (var browser = new HttpClient())
        {
            using var page = await browser.GetAsync(started.AuthorizeUrl, AgentBed.Ct);
        }

        Assert.Equal(McpSignInState.SignedIn, (await started.Completion.WaitAsync(TestTimeouts.Default, AgentBed.Ct)).State);
        Assert.Equal(McpServerStatus.Connected, (await servers.TestAsync("secure", bed.Repo.Path, null, AgentBed.Ct)).Probe.Status);
        bed.Api.Enqueue(
            FakeResponse.ToolUse("mcp__secure__echo", new { text = "through oauth" }, "toolu_secure1"),
            FakeResponse.Text("The protected server echoed."));

        await bed.Runs.SendAsync(bed.Tab.Id, "Echo through the protected server", AgentBed.Ct);
        var approval = await bed.WaitForApprovalAsync();
        await bed.Runs.AnswerAsync(approval.Id, ApprovalAnswer.Once, AgentBed.Ct);
        Assert.False((await bed.WaitForResultAsync()).IsError);

        var result = bed.Api.FindToolResult("toolu_secure1");
        Assert.NotNull(result);
        Assert.False(result.IsError, result.Content);
        Assert.Contains("echo: through oauth", result.Content, StringComparison.Ordinal);
        Assert.Contains(Assert.Single(bed.Stored<InitEvent>()).McpServers, s => s.Name == "secure" && s.Status == "connected");
    }
}
