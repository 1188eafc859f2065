using Grove.Services.Agents;
using Grove.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Cli.Tests;

/// <summary><c>grove run</c> with the real Claude Code CLI against the fake API.</summary>
public sealed class RunCommandTests
{
    [Fact]
    public async Task Run_StreamsTheTurn_AsksBeforeWriting_AndTheTranscriptCanBeReadAndSearched()
    {
        await using var bed = await RunBed.StartAsync();
        var (api, grove) = (bed.Api, bed.Grove);
        var file = Path.Combine(grove.WorktreesRoot, "repo", "agent", "hello.txt");
        api.Enqueue(FakeResponse.ToolUse("Write", new { file_path = file, content = "hi\n" }), FakeResponse.Text("I wrote ", "hello.txt for you."));

        grove.Input = "y\n";
        var run = await grove.RunAsync("run", "agent", "Please write hello.txt");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Allow Write", run.Output);
        Assert.Contains("I wrote hello.txt for you.", run.Output);
        Assert.Contains("— done", run.Output);
        Assert.Equal("hi\n", File.ReadAllText(file));

        var tabs = await grove.JsonAsync("tabs", "agent");
        Assert.False(string.IsNullOrEmpty(tabs[0].GetProperty("tab").GetProperty("sessionId").GetString()));
        var log = await grove.OkAsync("log", "agent");
        Assert.Contains("> Please write hello.txt", log);
        Assert.Contains("I wrote hello.txt for you.", log);
        var search = await grove.JsonAsync("search", "hello.txt");
        Assert.True(search.GetArrayLength() > 0);
    }

    [Fact]
    public async Task Run_InterruptedWithCtrlC_ExitsWith130_AndTheTabIsInterruptedNotFailed()
    {
        await using var bed = await RunBed.StartAsync();
        var gate = new FakeGate();
        bed.Api.Enqueue(FakeResponse.Hang(gate));
        using var ctrlC = new CancellationTokenSource();
        bed.Grove.Interrupt = ctrlC.Token;

        var run = bed.Grove.RunAsync("run", "agent", "A long task");
        await gate.Reached.WaitAsync(TestTimeouts.Token(TestContext.Current.CancellationToken));
        await ctrlC.CancelAsync();
        var result = await run;
        bed.Grove.Interrupt = CancellationToken.None;

        Assert.Equal(ExitCodes.Cancelled, result.ExitCode);
        var tabs = await bed.Grove.JsonAsync("tabs", "agent");
        Assert.Equal("interrupted", tabs[0].GetProperty("tab").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Run_WithMaxTurns_CapsTheTabsSteps_AndZeroRemovesTheCap()
    {
        await using var bed = await RunBed.StartAsync();
        bed.Api.Enqueue(
            FakeResponse.ToolUse("Bash", new { command = "ls", description = "List files" }),
            FakeResponse.Text("Past the cap."),
            FakeResponse.Text("No cap now."));

        var capped = await bed.Grove.RunAsync("run", "agent", "Look around", "--max-turns", "1");
        var tabs = await bed.Grove.JsonAsync("tabs", "agent");
        var uncapped = await bed.Grove.RunAsync("run", "agent", "Again", "--max-turns", "0");
        var after = await bed.Grove.JsonAsync("tabs", "agent");

        Assert.Equal(1, tabs[0].GetProperty("tab").GetProperty("maxTurns").GetInt32());
        Assert.Equal("idle", tabs[0].GetProperty("tab").GetProperty("status").GetString());
        Assert.DoesNotContain("Past the cap.", capped.Output);
        Assert.Equal(0, uncapped.ExitCode);
        Assert.Contains("Past the cap.", uncapped.Output);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, after[0].GetProperty("tab").GetProperty("maxTurns").ValueKind);
    }

    [Fact]
    public async Task Run_WithNoOneToApprove_DeniesSafely()
    {
        await using var bed = await RunBed.StartAsync();
        var (api, grove) = (bed.Api, bed.Grove);
        var file = Path.Combine(grove.WorktreesRoot, "repo", "agent", "never.txt");
        api.Enqueue(FakeResponse.ToolUse("Write", new { file_path = file, content = "x" }), FakeResponse.Text("Okay, I did not write it."));

        var run = await grove.RunAsync("run", "agent", "Write never.txt");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("denied", run.Output);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task Run_WhenTheApiKeyIsRejected_ExitsWithTheAgentFailedCodeAndAReadableError()
    {
        await using var bed = await RunBed.StartAsync();
        var (api, grove) = (bed.Api, bed.Grove);
        api.Enqueue(FakeResponse.Error(401, "authentication_error", "invalid x-api-key", shouldRetry: false));

        var run = await grove.RunAsync("run", "agent", "Hello?");

        Assert.Equal(ExitCodes.AgentFailed, run.ExitCode);
        Assert.Contains("error:", run.Output);
    }
}

/// <summary>The fake API, the real CLI and a <c>grove</c> with one project and workspace "agent".</summary>
internal sealed class RunBed : IAsyncDisposable
{
    private readonly ClaudeCliHarness _harness;
    private readonly TestRepository _repo;

    private RunBed(FakeAnthropicServer api, ClaudeCliHarness harness, TestRepository repo, CliRunner grove)
    {
        Api = api;
        _harness = harness;
        _repo = repo;
        Grove = grove;
    }

    public FakeAnthropicServer Api { get; }

    public CliRunner Grove { get; }

    public static async Task<RunBed> StartAsync()
    {
        var api = await FakeAnthropicServer.StartAsync(TestTimeouts.Token(TestContext.Current.CancellationToken));
        var harness = new ClaudeCliHarness(api);
        var repo = TestRepository.Create();
        var options = new AgentRunOptions { ExecutablePath = harness.BinaryPath };
        foreach (var (key, value) in harness.Environment)
        {
            options.ExtraEnvironment[key] = value;
        }

        var grove = new CliRunner { ConfigureServices = services => services.AddSingleton(options) };
        await grove.OkAsync("project", "add", repo.Path);
        await grove.OkAsync("ws", "new", "repo", "--name", "agent");
        return new RunBed(api, harness, repo, grove);
    }

    public async ValueTask DisposeAsync()
    {
        Grove.Dispose();
        _harness.Dispose();
        _repo.Dispose();
        await Api.DisposeAsync();
    }
}

public sealed class RunCommandSetupTests
{
    [Fact]
    public async Task Run_WithAMissingClaudeBinary_SaysHowToInstallIt()
    {
        using var repo = TestRepository.Create();
        using var grove = new CliRunner
        {
            ConfigureServices = services => services.AddSingleton(new AgentRunOptions { ExecutablePath = "/nonexistent/claude" }),
        };
        await grove.OkAsync("project", "add", repo.Path);
        await grove.OkAsync("ws", "new", "repo", "--name", "agent");

        var run = await grove.RunAsync("run", "agent", "Hello");

        Assert.NotEqual(0, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("grove setup claude", line);
        var tabs = await grove.JsonAsync("tabs");
        Assert.Equal("error", tabs[0].GetProperty("tab").GetProperty("status").GetString());
    }
}

public sealed class OllamaSetupTests
{
    [Fact]
    public async Task SetupOllama_ListsTheModelsOfALocalServer_OrSaysNoneAnswered()
    {
        using var listener = new System.Net.HttpListener();
        var port = LoopbackPorts.Free();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serve = Task.Run(async () =>
        {
            var ctx = await listener.GetContextAsync();
            var body = System.Text.Encoding.UTF8.GetBytes("""{"models":[{"name":"qwen3-coder:30b"},{"name":"llama3.2:3b"}]}""");
            ctx.Response.ContentType = "application/json";
            await ctx.Response.OutputStream.WriteAsync(body, TestContext.Current.CancellationToken);
            ctx.Response.Close();
        }, TestContext.Current.CancellationToken);
        using var grove = new CliRunner();

        var found = await grove.RunAsync("setup", "ollama", "--url", $"http://127.0.0.1:{port}");
        await serve;
        listener.Stop();
        var missing = await grove.RunAsync("setup", "ollama", "--url", $"http://127.0.0.1:{LoopbackPorts.Free()}");

        Assert.Equal(0, found.ExitCode);
        Assert.Contains("qwen3-coder:30b", found.Output);
        Assert.Contains("llama3.2:3b", found.Output);
        Assert.Equal(ExitCodes.NotFound, missing.ExitCode);
        Assert.Contains("No Ollama server answered", missing.Error);
    }

}

public sealed class CodexSetupTests
{
    [Fact]
    public async Task SetupCodexCheck_ReportsTheRealProgramAndHowItSignsIn()
    {
        var binary = Grove.Testing.CodexCliHarness.LocateBinary();
        using var grove = new CliRunner();
        await grove.OkAsync("config", "set", "codex.path", binary);

        var before = await grove.OkAsync("setup", "codex", "--check");
        grove.Input = "sk-test-key";
        await grove.OkAsync("secret", "set", "openai.api_key");
        var after = await grove.OkAsync("setup", "codex", "--check");

        Assert.Contains($"codex 0.171.0 (configured): {binary}", before);
        Assert.Contains("sign-in: ", before);
        Assert.Contains("sign-in: API key from Grove's secret openai.api_key", after);
        Assert.DoesNotContain("sk-test-key", after);
    }
}
