using Grove.Agents.ClaudeCode;
using Grove.Agents.Tests.TestServices;
using Grove.Core.Errors;
using Grove.Core.Paths;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Agents.Tests;

public sealed class DependencyInjectionTests
{
    [Fact]
    public void AddGroveAgents_registers_the_claude_and_codex_drivers_and_helpers()
    {
        var services = new ServiceCollection().AddSingleton(new GrovePaths("/data/grove")).AddGroveAgents();
        using var provider = services.BuildServiceProvider();

        var drivers = provider.GetRequiredService<IAgentDrivers>();

        Assert.Equal(["claude-code", "codex"], drivers.Kinds);
        Assert.Equal("claude-code", drivers.Get("claude-code").Kind);
        Assert.Equal("codex", drivers.Get("codex").Kind);
        Assert.Equal(ErrorKind.NotFound, Assert.Throws<GroveException>(() => drivers.Get("aider")).Kind);
        Assert.NotNull(provider.GetRequiredService<IClaudeLocator>());
        Assert.NotNull(provider.GetRequiredService<IOllamaProbe>());
        Assert.Equal("/data/grove/tools/claude-code", provider.GetRequiredService<IClaudeInstaller>().InstallDirectory);
        Assert.Equal("/data/grove/tools/codex", provider.GetRequiredService<Grove.Agents.Codex.ICodexInstaller>().InstallDirectory);
        Assert.Equal("/data/grove/codex", provider.GetRequiredService<Grove.Agents.Codex.CodexOptions>().HomeDirectory);
        Assert.Contains("codex", provider.GetServices<IAgentProgramProbe>().Select(p => p.Kind));
    }

    [Fact]
    public async Task Driver_from_the_container_locates_the_configured_program_and_runs_a_turn()
    {
        using var temp = new Grove.Testing.TempDirectory("grove-di");
        var script = new FakeAgentScript().WaitUser().Print(Fixtures.Init, Fixtures.ResultSuccess).WriteTo(temp.Combine("script.json"));
        await using var provider = new ServiceCollection().AddGroveAgents(o => o.ExecutablePath = FakeSession.FakeAgentPath).BuildServiceProvider();
        var token = FakeSession.Token;

        var installation = await provider.GetRequiredService<IClaudeLocator>().LocateAsync(token);
        await using var session = await provider.GetRequiredService<IAgentDrivers>().Get("claude-code").StartAsync(
            new AgentStartOptions { WorkingDirectory = temp.Path, Environment = new Dictionary<string, string> { ["FAKE_AGENT_SCRIPT"] = script } }, token);
        await session.SendUserMessageAsync("hi", cancellationToken: token);
        var result = await session.ReadEventsAsync(token).OfType<Grove.Core.Agents.ResultEvent>().FirstAsync(token);

        Assert.Equal((new Version(2, 1, 328), "configured"), (installation.Version, installation.Source));
        Assert.Equal(Fixtures.SessionId, result.SessionId);
        Assert.Equal("claude-code", session.Kind);
    }

    [Fact]
    public void Options_can_be_configured()
    {
        using var provider = new ServiceCollection().AddGroveAgents(o => o.ExecutablePath = "/opt/claude").BuildServiceProvider();

        Assert.Equal("/opt/claude", provider.GetRequiredService<ClaudeCodeOptions>().ExecutablePath);
    }
}
