using Grove.Agents;
using Grove.Agents.ClaudeCode;
using Grove.Core.Paths;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class GroveAgentsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the agent drivers (<see cref="IAgentDriver"/>, <see cref="IAgentDrivers"/>) and their program probes (<see cref="IAgentProgramProbe"/>), the Claude
    /// Code locator, installer and Ollama probe, and the host environment (singletons). The tools
    /// folder comes from a registered <see cref="GrovePaths"/> unless <paramref name="configure"/> sets it.
    /// </summary>
    public static IServiceCollection AddGroveAgents(this IServiceCollection services, Action<ClaudeCodeOptions>? configure = null)
    {
        services.TryAddSingleton(provider =>
        {
            var options = new ClaudeCodeOptions { ToolsDirectory = provider.GetService<GrovePaths>()?.ToolsDirectory };
            configure?.Invoke(options);
            return options;
        });
        services.TryAddSingleton(_ => AgentHostEnvironment.FromProcess());
        services.TryAddSingleton<IClaudeLocator, ClaudeLocator>();
        services.TryAddSingleton<IClaudeInstaller, ClaudeInstaller>();
        services.TryAddSingleton<IOllamaProbe>(_ => new OllamaProbe(new HttpClient()));
        services.TryAddSingleton<IClaudeProgramChoice, NoClaudeProgramChoice>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentDriver, ClaudeCodeDriver>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentProgramProbe, ClaudeProgramProbe>());
        services.TryAddSingleton<IAgentDrivers, AgentDrivers>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentSessionForker, ClaudeSessionForker>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentSessionReader, ClaudeSessionReader>());
        return services;
    }
}
