using System.Text.Json;
using Grove.Core.Mcp;
using Grove.Integrations.Mcp;
using Grove.Testing;
using Grove.Testing.Mcp;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Grove.Services.Tests.Mcp;

/// <summary>Probes against real servers: the reference server over stdio, and an ASP.NET Core MCP server over HTTP on loopback.</summary>
public sealed class McpProbeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestTimeouts.Token(TestContext.Current.CancellationToken);

    private static McpServerDefinition Everything(Dictionary<string, string>? env = null) => new()
    {
        Name = "everything",
        Command = McpEverything.Node,
        Args = [McpEverything.EntryPath, "stdio"],
        Env = env ?? new Dictionary<string, string>(),
    };

    private static McpProber Prober(IMcpAccessTokens? tokens = null, Dictionary<string, string>? environment = null) =>
        new(new McpFileOptions { Environment = environment }, tokens ?? new FixedTokens(McpAccessToken.None), TimeProvider.System);

    [Fact]
    public async Task A_stdio_server_is_connected_with_its_name_version_tools_and_counts()
    {
        var result = await Prober().ProbeAsync(Everything(), null, Timeout, Ct);

        Assert.Equal(McpServerStatus.Connected, result.Status);
        Assert.Null(result.Error);
        Assert.False(string.IsNullOrEmpty(result.ServerName));
        Assert.False(string.IsNullOrEmpty(result.ServerVersion));
        Assert.Contains(result.Tools, t => t.Name == "echo" && !string.IsNullOrEmpty(t.Description));
        Assert.Contains(result.Tools, t => t.Name == "get-env");
        Assert.True(result.PromptCount > 0);
        Assert.True(result.ResourceCount > 0);
    }

    [Fact]
    public async Task A_stdio_server_starts_without_credentials_unless_its_own_env_sets_them()
    {
        var parent = new Dictionary<string, string>
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH")!,
            ["HOME"] = "/tmp",
            ["LANG"] = "C.UTF-8",
            ["ANTHROPIC_API_KEY"] = "sk-ant-parent-000000000",
            ["ANTHROPIC_MODEL"] = "sonnet",
            ["CLAUDE_CODE_OAUTH_TOKEN"] = "oauth",
            ["OPENAI_API_KEY"] = "sk-openai",
            ["GITHUB_TOKEN"] = "ghp_parent",
            ["GH_TOKEN"] = "gho_parent",
            ["AWS_SECRET_ACCESS_KEY"] = "aws",
            ["GROVE_HOME"] = "/grove",
        };
        var definition = Everything(new() { ["GITHUB_TOKEN"] = "ghp_for_this_server", ["SERVER_MODE"] = "test" });

        await using var client = await McpClient.CreateAsync(
            new StdioClientTransport(McpProber.StdioOptions(definition, null, parent)), cancellationToken: Ct);
        var result = await client.CallToolAsync("get-env", new Dictionary<string, object?>(), cancellationToken: Ct);

        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        var env = JsonSerializer.Deserialize<Dictionary<string, string>>(text)!;
        Assert.Equal("ghp_for_this_server", env["GITHUB_TOKEN"]);
        Assert.Equal("test", env["SERVER_MODE"]);
        Assert.Equal("C.UTF-8", env["LANG"]);
        foreach (var removed in new[] { "ANTHROPIC_API_KEY", "ANTHROPIC_MODEL", "CLAUDE_CODE_OAUTH_TOKEN", "OPENAI_API_KEY", "GH_TOKEN", "AWS_SECRET_ACCESS_KEY", "GROVE_HOME" })
        {
            Assert.False(env.ContainsKey(removed), $"{removed} reached the server");
        }
    }

    [Fact]
    public async Task A_command_that_does_not_exist_fails_with_one_line()
    {
        var result = await Prober().ProbeAsync(new McpServerDefinition { Name = "nope", Command = "/nonexistent/mcp-server" }, null, Timeout, Ct);

        Assert.Equal(McpServerStatus.Failed, result.Status);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
        Assert.DoesNotContain('\n', result.Error);
    }

    [Theory]
    [InlineData(McpTransport.Http)]
    [InlineData(McpTransport.Sse)]
    public async Task An_http_server_is_probed_over_its_transport(McpTransport transport)
    {
        await using var server = await FakeMcpHttpServer.StartAsync(Ct);
        var url = transport == McpTransport.Sse ? server.SseUrl : server.Url;

        var result = await Prober().ProbeAsync(new McpServerDefinition { Name = "web", Transport = transport, Url = url.ToString(), Headers = new Dictionary<string, string> { ["X-Team"] = "core" } }, null, Timeout, Ct);

        Assert.Equal(McpServerStatus.Connected, result.Status);
        Assert.Equal("fake-http", result.ServerName);
        Assert.Equal("9.9.9", result.ServerVersion);
        Assert.Equal(["shout"], result.Tools.Select(t => t.Name));
    }

    [Fact]
    public async Task A_401_means_needs_sign_in_and_a_valid_token_is_sent_as_a_bearer_header()
    {
        await using var server = await FakeMcpHttpServer.StartAsync(Ct);
        server.RequiredToken = "tok-123";
        var definition = new McpServerDefinition { Name = "web", Transport = McpTransport.Http, Url = server.Url.ToString() };

        var refused = await Prober().ProbeAsync(definition, null, Timeout, Ct);
        var signedIn = await Prober(new FixedTokens(new McpAccessToken(McpAccessTokenState.Valid, "tok-123"))).ProbeAsync(definition, null, Timeout, Ct);
        var expired = await Prober(new FixedTokens(new McpAccessToken(McpAccessTokenState.NeedsSignIn))).ProbeAsync(definition, null, Timeout, Ct);

        Assert.Equal(McpServerStatus.NeedsSignIn, refused.Status);
        Assert.Equal(McpServerStatus.Connected, signedIn.Status);
        Assert.Contains("Bearer tok-123", server.Authorizations);
        Assert.Equal(McpServerStatus.NeedsSignIn, expired.Status);
    }

    private sealed class FixedTokens(McpAccessToken token) : IMcpAccessTokens
    {
        public Task<McpAccessToken> GetAsync(Uri serverUrl, CancellationToken cancellationToken) => Task.FromResult(token);
    }
}
