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
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        using var harness = new ClaudeCliHarness(api);
        using var repo = TestRepository.Create();
        using var grove = new CliRunner { ConfigureServices = services => services.AddSingleton(AgentOptions(harness)) };
        await grove.OkAsync("project", "add", repo.Path);
        await grove.OkAsync("ws", "new", "repo", "--name", "agent");
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
    public async Task Run_WithNoOneToApprove_DeniesSafely()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        using var harness = new ClaudeCliHarness(api);
        using var repo = TestRepository.Create();
        using var grove = new CliRunner { ConfigureServices = services => services.AddSingleton(AgentOptions(harness)) };
        await grove.OkAsync("project", "add", repo.Path);
        await grove.OkAsync("ws", "new", "repo", "--name", "agent");
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
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        using var harness = new ClaudeCliHarness(api);
        using var repo = TestRepository.Create();
        using var grove = new CliRunner { ConfigureServices = services => services.AddSingleton(AgentOptions(harness)) };
        await grove.OkAsync("project", "add", repo.Path);
        await grove.OkAsync("ws", "new", "repo", "--name", "agent");
        api.Enqueue(FakeResponse.Error(401, "authentication_error", "invalid x-api-key", shouldRetry: false));

        var run = await grove.RunAsync("run", "agent", "Hello?");

        Assert.Equal(ExitCodes.AgentFailed, run.ExitCode);
        Assert.Contains("error:", run.Output);
    }

    private static AgentRunOptions AgentOptions(ClaudeCliHarness harness)
    {
        var options = new AgentRunOptions { ExecutablePath = harness.BinaryPath };
        foreach (var (key, value) in harness.Environment)
        {
            options.ExtraEnvironment[key] = value;
        }

        return options;
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
