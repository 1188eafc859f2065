using Grove.Agents;
using Grove.Agents.ClaudeCode;
using Grove.Agents.Codex;
using Grove.Core.Paths;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class GroveAgentsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the agent drivers (<see cref="IAgentDriver"/>, <see cref="IAgentDrivers"/>) and their program probes (<see cref="IAgentProgramProbe"/>): Claude
    /// Code (locator, installer, Ollama probe) and Codex (locator, installer, program probe), and the
    /// host environment (singletons). The tools folder and Codex's <c>CODEX_HOME</c>
    /// (<c>&lt;data&gt;/codex</c>) come from a registered <see cref="GrovePaths"/> unless the configure actions set them.
    /// </summary>
    public static IServiceCollection AddGroveAgents(this IServiceCollection services, Action<ClaudeCodeOptions>? configure = null, Action<CodexOptions>? configureCodex = null)
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
        services.TryAddSingleton<IOllamaProbe>(_ => new OllamaProbe());
        services.TryAddSingleton<IClaudeProgramChoice, NoClaudeProgramChoice>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentDriver, ClaudeCodeDriver>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentProgramProbe, ClaudeProgramProbe>());
        services.TryAddSingleton(provider =>
        {
            var paths = provider.GetService<GrovePaths>();
            var options = new CodexOptions
            {
                ToolsDirectory = paths?.ToolsDirectory,
                HomeDirectory = paths is null ? null : Path.Combine(paths.DataRoot, "codex"),
            };
            configureCodex?.Invoke(options);
            return options;
        });
        services.TryAddSingleton<ICodexLocator, CodexLocator>();
        services.TryAddSingleton<ICodexInstaller, CodexInstaller>();
        services.TryAddSingleton<ICodexSettings, NoCodexSettings>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentDriver, CodexDriver>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentProgramProbe, CodexProgramProbe>());
        services.TryAddSingleton<IAgentDrivers, AgentDrivers>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentSessionForker, ClaudeSessionForker>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentSessionReader, ClaudeSessionReader>());
        services.TryAddSingleton<CodexThreads>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentSessionForker, CodexSessionForker>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAgentSessionReader, CodexSessionReader>());
        return services;
    }
}
