using System.Text;
using Grove.Core.Agents;
using Grove.Core.Mcp;
using Grove.Testing;
using Grove.Testing.Mcp;

namespace Grove.Agents.Tests.Codex;

/// <summary>
/// The MCP servers Grove resolves for a tab reach the real Codex CLI 0.171.0: a stdio server
/// (the reference everything server) with its own env, and a streamable HTTP server whose bearer
/// token travels through Codex's environment, never its command line.
/// </summary>
public sealed class CodexMcpTests
{
    private static CancellationToken Token => TestTimeouts.Token(TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_stdio_server_tool_runs_with_its_env_and_its_result_reaches_the_model()
    {
        var ct = Token;
        await using var bed = await CodexBed.StartAsync(ct);
        bed.Api.Enqueue(
            new FakeResponsesTurn { Items = [new FakeResponsesItem.FunctionCall("call_env", "get_env", "{}", "mcp__everything")] },
            FakeResponsesTurn.Text("Looked."));
        var options = bed.Options() with
        {
            McpServers =
            [
                new McpServerDefinition
                {
                    Name = "everything",
                    Command = McpEverything.Node,
                    Args = [McpEverything.EntryPath, "stdio"],
                    Env = new Dictionary<string, string> { ["GROVE_TEST_MODE"] = "canary-stdio-env" },
                },
            ],
        };
        await using var session = await bed.Driver.StartAsync(options, ct);

        await session.SendUserMessageAsync("Show the env", cancellationToken: ct);
        var events = await CodexBed.ReadUntilAsync(session, e => e is ResultEvent, ct);

        var first = await bed.Api.WaitForRequestAsync(1, ct);
        Assert.Contains("mcp__everything", first.Body, StringComparison.Ordinal); // a deferred tool namespace: found through tool_search
        var output = (await bed.Api.WaitForRequestAsync(2, ct)).ToolOutput("call_env");
        Assert.NotNull(output);
        Assert.Contains("canary-stdio-env", output, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-test-key", output, StringComparison.Ordinal); // Codex's own key never reaches a tool server
        Assert.Contains(events.OfType<ToolUseEvent>(), t => t.Name == "mcp__everything__get-env");
        Assert.False(events.OfType<ResultEvent>().Single().IsError);
        Assert.DoesNotContain("canary-stdio-env", CommandLine(session.ProcessId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http_server_gets_the_bearer_token_through_the_environment_not_the_command_line()
    {
        var ct = Token;
        await using var bed = await CodexBed.StartAsync(ct);
        await using var mcp = await FakeMcpHttpServer.StartAsync(ct);
        mcp.RequiredToken = "mcp-canary-token-1234";
        bed.Api.Enqueue(
            new FakeResponsesTurn { Items = [new FakeResponsesItem.FunctionCall("call_shout", "shout", """{"text":"quiet words"}""", "mcp__remote")] },
            FakeResponsesTurn.Text("Shouted."));
        var options = bed.Options() with
        {
            McpServers =
            [
                new McpServerDefinition
                {
                    Name = "remote",
                    Transport = McpTransport.Http,
                    Url = mcp.Url.ToString(),
                    Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer mcp-canary-token-1234", ["X-Team"] = "canary-header-5678" },
                },
            ],
        };
        await using var session = await bed.Driver.StartAsync(options, ct);

        await session.SendUserMessageAsync("Shout", cancellationToken: ct);
        var events = await CodexBed.ReadUntilAsync(session, e => e is PermissionRequestEvent, ct);
        var ask = events.OfType<PermissionRequestEvent>().Single();
        Assert.Equal(("mcp__remote__shout", "quiet words"), (ask.ToolName, ask.Input.GetProperty("text").GetString()));
        Assert.Equal(events.OfType<ToolUseEvent>().Single(t => t.Name == "mcp__remote__shout").ToolUseId, ask.ToolUseId);
        await session.RespondToPermissionAsync(ask.RequestId, PermissionDecision.AllowOnce(), ct);
        await CodexBed.ReadUntilAsync(session, e => e is ResultEvent, ct, events);

        var output = (await bed.Api.WaitForRequestAsync(2, ct)).ToolOutput("call_shout");
        Assert.NotNull(output);
        Assert.True(output.Contains("QUIET WORDS", StringComparison.Ordinal), output);
        Assert.Contains("Bearer mcp-canary-token-1234", mcp.Authorizations);
        var commandLine = CommandLine(session.ProcessId);
        Assert.Contains("mcp_servers=", commandLine, StringComparison.Ordinal);
        Assert.DoesNotContain("mcp-canary-token-1234", commandLine, StringComparison.Ordinal);
        Assert.DoesNotContain("canary-header-5678", commandLine, StringComparison.Ordinal);
    }

    /// <summary>
    /// The argv of the session's process and of every process with Codex's MCP override (the npm
    /// launcher's native child), as the kernel shows them to every user (<c>ps</c>).
    /// </summary>
    private static string CommandLine(int pid)
    {
        var lines = new List<string> { Read(pid.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(folder);
            if (name.All(char.IsAsciiDigit) && Read(name) is { } line && line.Contains("mcp_servers=", StringComparison.Ordinal))
            {
                lines.Add(line);
            }
        }

        return string.Join('\n', lines);

        static string Read(string id)
        {
            try
            {
                return Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{id}/cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                return "";
            }
            catch (UnauthorizedAccessException)
            {
                return "";
            }
        }
    }
}
