using Grove.Agents.ClaudeCode;
using Grove.Agents.Tests.TestServices;
using Grove.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Agents.Tests.ClaudeCode;

/// <summary>Claude Code's program probe as registered: the program a run would use (real processes for <c>--version</c>) and its sign-in, in words.</summary>
public sealed class ClaudeProgramProbeTests
{
    private static readonly AgentHostEnvironment NoVariables = new(new Dictionary<string, string>(), "/nonexistent-home");

    private static ServiceProvider Provider(ClaudeProgramChoice? choice = null, string? configured = null)
    {
        var services = new ServiceCollection().AddSingleton(NoVariables);
        if (choice is not null)
        {
            services.AddSingleton<IClaudeProgramChoice>(new FixedChoice(choice));
        }

        return services.AddGroveAgents(o => o.ExecutablePath = configured).BuildServiceProvider();
    }

    private static IAgentProgramProbe ClaudeProbe(ServiceProvider provider) =>
        Assert.Single(provider.GetServices<IAgentProgramProbe>(), p => p.Kind == "claude-code");

    [Fact]
    public async Task Reports_the_located_program_its_version_and_the_clis_own_login()
    {
        await using var provider = Provider(configured: FakeSession.FakeAgentPath);

        var status = await ClaudeProbe(provider).ProbeAsync(FakeSession.Token);

        Assert.Equal(new AgentProgramStatus("claude-code", "Claude Code", true, FakeSession.FakeAgentPath, "2.1.328", "configured", "Claude Code's own login (no API key set in Grove)", null), status);
    }

    [Fact]
    public async Task The_users_choice_wins_and_a_missing_or_old_program_is_explained()
    {
        using var folder = new TempDirectory("grove-probe");
        var old = FakeClaudeProgram.Write(folder.Path, "1.0.3 (Claude Code)");
        await using var chosen = Provider(new ClaudeProgramChoice(FakeSession.FakeAgentPath, "setting claude.path", new AgentAuth { ApiKey = "sk-secret" }), configured: "/elsewhere/claude");
        await using var missing = Provider(new ClaudeProgramChoice(folder.Combine("nope"), "GROVE_CLAUDE_PATH", null));
        await using var tooOld = Provider(new ClaudeProgramChoice(old, "setting claude.path", null));

        var ok = await ClaudeProbe(chosen).ProbeAsync(FakeSession.Token);
        var gone = await ClaudeProbe(missing).ProbeAsync(FakeSession.Token);
        var aged = await ClaudeProbe(tooOld).ProbeAsync(FakeSession.Token);

        Assert.True(ok is { Usable: true, Version: "2.1.328", Source: "setting claude.path", Auth: "API key from Grove's settings", Problem: null });
        Assert.Equal(FakeSession.FakeAgentPath, ok.Path);
        Assert.DoesNotContain("sk-secret", ok.ToString(), StringComparison.Ordinal);
        Assert.False(gone.Usable);
        Assert.Contains("GROVE_CLAUDE_PATH", gone.Problem, StringComparison.Ordinal);
        Assert.Contains("does not exist", gone.Problem, StringComparison.Ordinal);
        Assert.True(aged is { Usable: false, Version: "1.0.3" });
        Assert.StartsWith($"Version 1.0.3 is older than the oldest supported ({ClaudeVersion.MinimumSupported}); run grove setup claude", aged.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain('`', gone.Problem + aged.Problem); // the views show it as plain text
    }

    [Fact]
    public async Task An_ollama_server_that_does_not_answer_is_said_so()
    {
        var url = $"http://127.0.0.1:{LoopbackPorts.Free()}";
        await using var provider = Provider(new ClaudeProgramChoice(FakeSession.FakeAgentPath, "configured", new AgentAuth { Ollama = new OllamaSettings(url, "qwen"), UseOllama = true }));

        var status = await ClaudeProbe(provider).ProbeAsync(FakeSession.Token);

        Assert.Equal($"Ollama at {url}, model qwen: not answering", status.Auth);
        Assert.True(status.Usable);
    }

    private sealed class FixedChoice(ClaudeProgramChoice choice) : IClaudeProgramChoice
    {
        public Task<ClaudeProgramChoice> GetAsync(CancellationToken cancellationToken) => Task.FromResult(choice);
    }
}
