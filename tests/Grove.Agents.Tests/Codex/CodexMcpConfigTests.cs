using Grove.Agents.Codex;
using Grove.Core.Mcp;

namespace Grove.Agents.Tests.Codex;

/// <summary>How a run's MCP servers become Codex's <c>-c mcp_servers=…</c> override and environment.</summary>
public sealed class CodexMcpConfigTests
{
    [Fact]
    public void Secrets_go_to_the_environment_and_names_to_the_override()
    {
        var environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin" };
        var servers = new[]
        {
            new McpServerDefinition { Name = "my tools", Command = "node", Args = ["a \"quoted\" path\\x"], Env = new Dictionary<string, string> { ["API_KEY"] = "stdio-secret" } },
            new McpServerDefinition { Name = "remote", Transport = McpTransport.Http, Url = "https://mcp.example/mcp", Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer tok-1", ["X-Team"] = "header-secret" } },
        };

        var rendering = CodexMcpConfig.Render(servers, environment);

        var arguments = string.Join(' ', rendering.Arguments);
        Assert.Equal(["my_tools", "remote"], rendering.Names);
        Assert.Empty(rendering.Skipped);
        Assert.Contains("""my_tools={command="node",args=["a \"quoted\" path\\x"],startup_timeout_sec=30,env_vars=["API_KEY"]}""", arguments, StringComparison.Ordinal);
        Assert.Contains("""remote={url="https://mcp.example/mcp",startup_timeout_sec=30,bearer_token_env_var="GROVE_MCP_2_TOKEN",env_http_headers={"X-Team"="GROVE_MCP_2_HEADER_1"}}""", arguments, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", arguments, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-1", arguments, StringComparison.Ordinal);
        Assert.Equal(("stdio-secret", "tok-1", "header-secret"), (environment["API_KEY"], environment["GROVE_MCP_2_TOKEN"], environment["GROVE_MCP_2_HEADER_1"]));
        Assert.Contains("""shell_environment_policy.exclude=["API_KEY","GROVE_MCP_2_TOKEN","GROVE_MCP_2_HEADER_1"]""", arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void Sse_servers_and_clashing_variables_are_left_out_with_the_reason()
    {
        var environment = new Dictionary<string, string> { ["HOME"] = "/home/me" };
        var servers = new[]
        {
            new McpServerDefinition { Name = "legacy", Transport = McpTransport.Sse, Url = "https://mcp.example/sse" },
            new McpServerDefinition { Name = "homely", Command = "node", Env = new Dictionary<string, string> { ["HOME"] = "/elsewhere" } },
            new McpServerDefinition { Name = "same-home", Command = "node", Env = new Dictionary<string, string> { ["HOME"] = "/home/me" } },
        };

        var rendering = CodexMcpConfig.Render(servers, environment);

        Assert.Equal(["same-home"], rendering.Names);
        Assert.Equal(["legacy", "homely"], rendering.Skipped.Select(s => s.Name));
        Assert.Contains("SSE", rendering.Skipped[0].Reason, StringComparison.Ordinal);
        Assert.Contains("HOME", rendering.Skipped[1].Reason, StringComparison.Ordinal);
        Assert.Equal("/home/me", environment["HOME"]);
    }

    [Fact]
    public void An_empty_list_still_replaces_codex_own_servers()
    {
        var rendering = CodexMcpConfig.Render([], new Dictionary<string, string>());

        Assert.Equal(["-c", "mcp_servers={}"], rendering.Arguments);
    }
}
