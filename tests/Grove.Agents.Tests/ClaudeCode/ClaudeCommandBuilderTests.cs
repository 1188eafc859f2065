using Grove.Agents.ClaudeCode;
using Grove.Core.Domain;
using Grove.Core.Mcp;
using Grove.Testing;

namespace Grove.Agents.Tests.ClaudeCode;

public sealed class ClaudeCommandBuilderTests : IDisposable
{
    private readonly TempDirectory _worktree = new("grove-agents");

    private static AgentHostEnvironment Host(params (string Key, string Value)[] variables) =>
        new(variables.ToDictionary(v => v.Key, v => v.Value), "/home/me");

    private ClaudeCommand Build(AgentStartOptions? options = null, AgentHostEnvironment? host = null) =>
        ClaudeCommandBuilder.Build("/opt/claude", options ?? new AgentStartOptions { WorkingDirectory = _worktree.Path }, host ?? Host(("PATH", "/usr/bin")));

    [Fact]
    public void Default_command_is_bidirectional_stream_json_with_stdio_permissions()
    {
        var command = Build();

        Assert.Equal("/opt/claude", command.FileName);
        Assert.Equal(_worktree.Path, command.WorkingDirectory);
        Assert.Equal(
            ["--input-format", "stream-json", "--output-format", "stream-json", "--verbose", "--permission-prompt-tool", "stdio", "--include-partial-messages"],
            command.Arguments);
    }

    [Fact]
    public void Resume_model_mcp_and_plan_mode_add_their_flags()
    {
        var command = Build(new AgentStartOptions
        {
            WorkingDirectory = _worktree.Path,
            ResumeSessionId = "sess-9",
            Model = "sonnet",
            MaxTurns = 7,
            Mode = AgentMode.Plan,
        });

        var args = string.Join(' ', command.Arguments);
        Assert.Contains("--max-turns 7", args);
        Assert.DoesNotContain("--max-turns", string.Join(' ', Build(new AgentStartOptions { WorkingDirectory = _worktree.Path }).Arguments));
        Assert.Contains("--resume sess-9", args);
        Assert.Contains("--model sonnet", args);
        Assert.Contains("--permission-mode plan", args);
        Assert.DoesNotContain("--mcp-config", args); // no list: Claude's own configuration
    }

    [Fact]
    public void The_run_servers_go_to_a_private_strict_mcp_config_file_in_the_run_folder()
    {
        using var run = new TempDirectory("grove-run");
        var servers = new[]
        {
            new McpServerDefinition { Name = "tools", Command = "node", Args = ["server.js"], Env = new Dictionary<string, string> { ["MODE"] = "x" } },
            new McpServerDefinition { Name = "remote", Transport = McpTransport.Http, Url = "https://mcp.example/mcp", Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer secret-token" } },
        };

        var args = Build(new AgentStartOptions { WorkingDirectory = _worktree.Path, McpServers = servers, RunFolder = run.Path, Auth = new AgentAuth { ApiKey = "sk-ant-x" } }).Arguments;

        var path = Path.Combine(run.Path, ClaudeMcpConfig.FileName);
        Assert.Contains($"--mcp-config {path} --strict-mcp-config", string.Join(' ', args));
        Assert.DoesNotContain(args, a => a.Contains("secret-token", StringComparison.Ordinal));
        Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(path) == (UnixFileMode.UserRead | UnixFileMode.UserWrite));
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        var tools = json.RootElement.GetProperty("mcpServers").GetProperty("tools");
        Assert.Equal("env", tools.GetProperty("command").GetString());
        var toolArgs = tools.GetProperty("args").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Equal(["--", "node", "server.js"], toolArgs.SkipWhile(a => a != "--"));
        Assert.Contains("ANTHROPIC_API_KEY", toolArgs); // Claude's key is unset for the server it spawns
        Assert.Equal("x", tools.GetProperty("env").GetProperty("MODE").GetString());
        var remote = json.RootElement.GetProperty("mcpServers").GetProperty("remote");
        Assert.Equal(("http", "Bearer secret-token"), (remote.GetProperty("type").GetString(), remote.GetProperty("headers").GetProperty("Authorization").GetString()));
    }

    [Fact]
    public void Never_skips_permissions()
    {
        var args = Build(new AgentStartOptions { WorkingDirectory = _worktree.Path, Mode = AgentMode.Agent }).Arguments;

        Assert.DoesNotContain("--dangerously-skip-permissions", args);
        Assert.DoesNotContain("bypassPermissions", args);
        Assert.DoesNotContain("--permission-mode", args);
    }

    [Fact]
    public void Agents_md_is_appended_to_the_system_prompt_as_one_argument()
    {
        File.WriteAllText(_worktree.Combine("AGENTS.md"), "# Rules\nRun tests with `make test`.\n");

        var args = Build().Arguments.ToList();

        var index = args.IndexOf("--append-system-prompt");
        Assert.True(index > 0);
        Assert.Equal("# Rules\nRun tests with `make test`.", args[index + 1]);
    }

    [Fact]
    public void Agents_md_is_skipped_when_absent_or_turned_off()
    {
        Assert.DoesNotContain("--append-system-prompt", Build().Arguments);
        File.WriteAllText(_worktree.Combine("AGENTS.md"), "rules");
        Assert.DoesNotContain("--append-system-prompt", Build(new AgentStartOptions { WorkingDirectory = _worktree.Path, AppendAgentsMd = false }).Arguments);
    }

    [Fact]
    public void Huge_agents_md_is_cut_to_the_argument_limit()
    {
        File.WriteAllText(_worktree.Combine("AGENTS.md"), new string('a', 300_000));

        var args = Build().Arguments.ToList();

        Assert.Equal(ClaudeCommandBuilder.MaxAgentsMdBytes, args[args.IndexOf("--append-system-prompt") + 1].Length);
    }

    [Fact]
    public void Environment_is_filtered_and_switches_are_added_only_when_asked()
    {
        var host = Host(("PATH", "/usr/bin"), ("GITHUB_TOKEN", "ghp"), ("OPENAI_API_KEY", "sk"));

        var plain = Build(host: host).Environment;
        var quiet = Build(new AgentStartOptions { WorkingDirectory = _worktree.Path, DisableNonessentialTraffic = true }, host).Environment;

        Assert.Equal(["PATH"], plain.Keys);
        Assert.Equal("1", quiet["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"]);
        Assert.Equal("1", quiet["DISABLE_TELEMETRY"]);
        Assert.False(quiet.ContainsKey("GITHUB_TOKEN"));
    }

    [Fact]
    public void Extra_environment_from_the_caller_wins()
    {
        var command = Build(new AgentStartOptions
        {
            WorkingDirectory = _worktree.Path,
            Environment = new Dictionary<string, string> { ["HOME"] = "/tmp/isolated", ["CLAUDE_CODE_TMPDIR"] = "/tmp/t" },
        });

        Assert.Equal("/tmp/isolated", command.Environment["HOME"]);
        Assert.Equal("/tmp/t", command.Environment["CLAUDE_CODE_TMPDIR"]);
    }

    [Fact]
    public void Ollama_sets_base_url_token_and_model()
    {
        var command = Build(new AgentStartOptions
        {
            WorkingDirectory = _worktree.Path,
            Model = "opus",
            Auth = new AgentAuth { UseOllama = true, Ollama = new OllamaSettings("http://localhost:11434/", "qwen3-coder") },
        });

        Assert.Equal(ClaudeAuthSource.Ollama, command.AuthSource);
        Assert.Equal("http://localhost:11434", command.Environment["ANTHROPIC_BASE_URL"]);
        Assert.Equal("ollama", command.Environment["ANTHROPIC_AUTH_TOKEN"]);
        Assert.Contains("qwen3-coder", command.Arguments);
        Assert.DoesNotContain("opus", command.Arguments);
    }

    [Fact]
    public void ToString_does_not_show_secrets_or_the_whole_prompt()
    {
        File.WriteAllText(_worktree.Combine("AGENTS.md"), new string('r', 500));
        var command = Build(new AgentStartOptions { WorkingDirectory = _worktree.Path, Auth = new AgentAuth { ApiKey = "sk-ant-secret-value" } });

        var text = command.ToString();

        Assert.DoesNotContain("sk-ant-secret-value", text);
        Assert.Contains("<500 chars>", text);
    }

    public void Dispose() => _worktree.Dispose();
}
