using Grove.Integrations.Mcp;
using Grove.Testing;
using Grove.Testing.Mcp;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Cli.Tests;

/// <summary><c>grove mcp …</c> as a user runs it, against Claude's files in a temp home and the real reference server.</summary>
public sealed class McpCommandsTests
{
    [Fact]
    public async Task Add_list_test_trust_disable_and_remove_from_the_command_line()
    {
        using var claudeHome = new TempDirectory("claude-home");
        using var repo = TestRepository.Create();
        using var grove = new CliRunner { ConfigureServices = s => s.AddSingleton(new McpFileOptions { ConfigDirectory = claudeHome.Path }) };
        await grove.OkAsync("project", "add", repo.Path, "--name", "demo");
        File.WriteAllText(Path.Combine(repo.Path, ".mcp.json"), $$"""{ "mcpServers": { "shared": { "command": "node", "args": ["{{McpEverything.EntryPath}}", "stdio"] } } }""");

        var added = await grove.OkAsync("mcp", "add", "everything", "--command", McpEverything.Node, "--arg", McpEverything.EntryPath, "--arg", "stdio", "--env", "MODE=cli", "--scope", "user");
        var list = await grove.JsonAsync("mcp", "list", "--project", "demo");
        var table = await grove.OkAsync("mcp", "list", "--project", "demo", "--no-probe");
        var trusted = await grove.OkAsync("mcp", "trust", "--project", "demo");
        var test = await grove.OkAsync("mcp", "test", "shared", "--project", "demo");
        await grove.OkAsync("mcp", "disable", "everything", "--project", "demo");
        var afterDisable = await grove.JsonAsync("mcp", "list", "--project", "demo", "--no-probe");
        var removed = await grove.OkAsync("mcp", "remove", "everything");
        var userOnly = await grove.JsonAsync("mcp", "list");

        Assert.Contains(Path.Combine(claudeHome.Path, ".claude.json"), added, StringComparison.Ordinal);
        var servers = list.GetProperty("servers").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal("connected", servers["everything"].GetProperty("status").GetString());
        Assert.Equal("user", servers["everything"].GetProperty("scope").GetString());
        Assert.Contains(servers["everything"].GetProperty("tools").EnumerateArray(), t => t.GetProperty("name").GetString() == "echo");
        Assert.Equal("not trusted", servers["shared"].GetProperty("status").GetString());
        Assert.Contains("grove mcp trust --project demo", table, StringComparison.Ordinal);
        Assert.Contains("shared (stdio): node", trusted, StringComparison.Ordinal);
        Assert.Contains("shared: connected", test, StringComparison.Ordinal);
        Assert.Contains("  echo: ", test, StringComparison.Ordinal);
        var disabled = afterDisable.GetProperty("servers").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "everything");
        Assert.Equal("disabled", disabled.GetProperty("status").GetString());
        Assert.Contains("user scope", removed, StringComparison.Ordinal);
        Assert.Empty(userOnly.GetProperty("servers").EnumerateArray());
    }

    [Fact]
    public async Task A_corrupt_claude_json_is_refused_with_its_position_and_left_as_it_was()
    {
        using var claudeHome = new TempDirectory("claude-home");
        using var grove = new CliRunner { ConfigureServices = s => s.AddSingleton(new McpFileOptions { ConfigDirectory = claudeHome.Path }) };
        var file = Path.Combine(claudeHome.Path, ".claude.json");
        File.WriteAllText(file, "{ \"mcpServers\": { \"a\": } }");

        var result = await grove.RunAsync("mcp", "add", "b", "--url", "https://example.com/mcp", "--scope", "user");
        var invalid = await grove.RunAsync("mcp", "add", "bad name", "--command", "x", "--scope", "user");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"{file} is not valid JSON (line 1, position", result.Error, StringComparison.Ordinal);
        Assert.Equal("{ \"mcpServers\": { \"a\": } }", File.ReadAllText(file));
        Assert.NotEqual(0, invalid.ExitCode);
        Assert.Contains("The name must be", invalid.Error, StringComparison.Ordinal);
    }
}
