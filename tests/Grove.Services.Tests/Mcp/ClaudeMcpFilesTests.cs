using Grove.Core.Errors;
using Grove.Core.Mcp;
using Grove.Integrations.Mcp;
using Grove.Testing;

namespace Grove.Services.Tests.Mcp;

/// <summary>Claude Code's MCP files as Grove reads and writes them: scopes, precedence, expansion, safe writes.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ClaudeMcpFilesTests : IDisposable
{
    private readonly TempDirectory _home = new("claude-home");
    private readonly TempDirectory _project = new("project");

    public void Dispose()
    {
        _home.Dispose();
        _project.Dispose();
    }

    private string ClaudeJson => Path.Combine(_home.Path, ".claude.json");

    private string McpJson => Path.Combine(_project.Path, ".mcp.json");

    private ClaudeMcpFiles Files(Dictionary<string, string>? environment = null) =>
        new(new McpFileOptions { ConfigDirectory = _home.Path, Environment = environment ?? new Dictionary<string, string>() });

    [Fact]
    public void Local_wins_over_project_over_user_and_each_entry_names_its_file_and_scope()
    {
        File.WriteAllText(ClaudeJson, $$"""
            {
              "mcpServers": { "shared": { "command": "user-cmd" }, "only-user": { "type": "http", "url": "https://u.example/mcp" } },
              "projects": { "{{_project.Path}}": { "mcpServers": { "shared": { "type": "stdio", "command": "local-cmd" } } } }
            }
            """);
        File.WriteAllText(McpJson, """{ "mcpServers": { "shared": { "command": "project-cmd" }, "only-project": { "type": "sse", "url": "http://p.example/sse" } } }""");

        var snapshot = Files().Read(_project.Path);

        var shared = snapshot.Entries.Where(e => e.Definition.Name == "shared").ToList();
        Assert.Equal(["local-cmd", "project-cmd", "user-cmd"], shared.Select(e => e.Definition.Command));
        Assert.Equal([McpScope.Local, McpScope.Project, McpScope.User], shared.Select(e => e.Origin.Scope));
        Assert.Equal([ClaudeJson, McpJson, ClaudeJson], shared.Select(e => e.Origin.File));
        Assert.Equal(McpTransport.Sse, snapshot.Entries.Single(e => e.Definition.Name == "only-project").Definition.Transport);
        Assert.Equal(McpTransport.Http, snapshot.Entries.Single(e => e.Definition.Name == "only-user").Definition.Transport);
        Assert.NotNull(snapshot.ProjectHash);
    }

    [Fact]
    public void Project_file_expands_variables_and_defaults_in_command_args_env_url_and_headers()
    {
        File.WriteAllText(McpJson, """
            { "mcpServers": {
              "s": { "command": "${TOOLS}/run", "args": ["--port", "${PORT:-7000}", "${EMPTY:-fallback}"], "env": { "KEY": "${SECRET_VALUE}" } },
              "h": { "type": "http", "url": "${HOST:-http://localhost:1}/mcp", "headers": { "X-Team": "${TEAM}" } } } }
            """);

        var entries = Files(new() { ["TOOLS"] = "/opt/tools", ["SECRET_VALUE"] = "v1", ["TEAM"] = "core", ["EMPTY"] = "" }).Read(_project.Path).Entries;

        var stdio = entries.Single(e => e.Definition.Name == "s").Definition;
        Assert.Equal("/opt/tools/run", stdio.Command);
        Assert.Equal(["--port", "7000", "fallback"], stdio.Args);
        Assert.Equal("v1", stdio.Env["KEY"]);
        var http = entries.Single(e => e.Definition.Name == "h").Definition;
        Assert.Equal("http://localhost:1/mcp", http.Url);
        Assert.Equal("core", http.Headers["X-Team"]);
    }

    [Fact]
    public void Writing_keeps_every_other_key_backs_up_once_and_keeps_the_mode()
    {
        var original = $$"""
            {
              "numStartups": 12,
              "oauthAccount": { "emailAddress": "me@example.com" },
              "projects": { "{{_project.Path}}": { "allowedTools": ["Bash"], "history": [1, 2] } },
              "mcpServers": { "old": { "command": "old-cmd", "futureKey": { "x": 1 } } }
            }
            """;
        File.WriteAllText(ClaudeJson, original);
        File.SetUnixFileMode(ClaudeJson, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var files = Files();

        files.Save(McpScope.User, null, new McpServerDefinition { Name = "new", Command = "node", Args = ["x.js"], Env = new Dictionary<string, string> { ["A"] = "1" } });
        files.Save(McpScope.Local, _project.Path, new McpServerDefinition { Name = "web", Transport = McpTransport.Http, Url = "https://w.example/mcp" });
        Assert.True(files.Remove(McpScope.User, null, "new"));
        Assert.False(files.Remove(McpScope.User, null, "never-there"));

        var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(ClaudeJson))!;
        Assert.Equal(12, (int)root["numStartups"]!);
        Assert.Equal("me@example.com", (string)root["oauthAccount"]!["emailAddress"]!);
        Assert.Equal(1, (int)root["mcpServers"]!["old"]!["futureKey"]!["x"]!);
        Assert.Null(root["mcpServers"]!["new"]);
        var project = root["projects"]![_project.Path]!;
        Assert.Equal("Bash", (string)project["allowedTools"]![0]!);
        Assert.Equal("https://w.example/mcp", (string)project["mcpServers"]!["web"]!["url"]!);
        Assert.Equal(original, File.ReadAllText(ClaudeJson + ".grove-backup"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ClaudeJson));
        Assert.Empty(Directory.GetFiles(_home.Path, "*.tmp"));
        Assert.Contains(files.Read(_project.Path).Entries, e => e.Definition.Name == "web" && e.Origin.Scope == McpScope.Local);
    }

    [Theory]
    [InlineData(".claude.json")]
    [InlineData(".mcp.json")]
    public void A_file_that_does_not_parse_is_refused_with_its_position_and_left_byte_for_byte(string which)
    {
        var file = which == ".claude.json" ? ClaudeJson : McpJson;
        var bytes = "{\n  \"mcpServers\": {\n    \"a\": { \"command\": \"x\" },,\n  }\n}\n"u8.ToArray();
        File.WriteAllBytes(file, bytes);
        var files = Files();
        var scope = which == ".claude.json" ? McpScope.User : McpScope.Project;

        var read = Assert.Throws<GroveException>(() => files.Read(_project.Path));
        var write = Assert.Throws<GroveException>(() => files.Save(scope, _project.Path, new McpServerDefinition { Name = "b", Command = "y" }));

        Assert.Equal(ErrorKind.InvalidInput, write.Kind);
        Assert.Contains(file, write.Message, StringComparison.Ordinal);
        Assert.Contains("line 3, position", write.Message, StringComparison.Ordinal);
        Assert.Equal(read.Message, write.Message);
        Assert.DoesNotContain('\n', write.Message);
        Assert.Equal(bytes, File.ReadAllBytes(file));
        Assert.False(File.Exists(file + ".grove-backup"));
    }

    [Fact]
    public void Unknown_transport_types_are_skipped_and_new_files_are_created_private()
    {
        File.WriteAllText(McpJson, """{ "mcpServers": { "ws": { "type": "websocket", "url": "ws://x" }, "ok": { "command": "c" } } }""");
        var files = Files();

        Assert.Equal(["ok"], files.Read(_project.Path).Entries.Select(e => e.Definition.Name));

        files.Save(McpScope.User, null, new McpServerDefinition { Name = "u", Command = "c" });
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ClaudeJson));
        Assert.False(File.Exists(ClaudeJson + ".grove-backup"));
    }
}
