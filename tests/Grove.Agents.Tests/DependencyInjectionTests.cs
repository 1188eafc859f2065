using Grove.Agents.ClaudeCode;
using Grove.Core.Errors;
using Grove.Core.Paths;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Agents.Tests;

public sealed class DependencyInjectionTests
{
    [Fact]
    public void AddGroveAgents_registers_the_claude_driver_and_helpers()
    {
        var services = new ServiceCollection().AddSingleton(new GrovePaths("/data/grove")).AddGroveAgents();
        using var provider = services.BuildServiceProvider();

        var drivers = provider.GetRequiredService<IAgentDrivers>();

        Assert.Equal(["claude-code"], drivers.Kinds);
        Assert.Equal("claude-code", drivers.Get("claude-code").Kind);
        Assert.Equal(ErrorKind.NotFound, Assert.Throws<GroveException>(() => drivers.Get("codex")).Kind);
        Assert.NotNull(provider.GetRequiredService<IClaudeLocator>());
        Assert.NotNull(provider.GetRequiredService<IOllamaProbe>());
        Assert.Equal("/data/grove/tools/claude-code", provider.GetRequiredService<IClaudeInstaller>().InstallDirectory);
    }

    [Fact]
    public void Options_can_be_configured()
    {
        using var provider = new ServiceCollection().AddGroveAgents(o => o.ExecutablePath = "/opt/claude").BuildServiceProvider();

        Assert.Equal("/opt/claude", provider.GetRequiredService<ClaudeCodeOptions>().ExecutablePath);
    }
}
