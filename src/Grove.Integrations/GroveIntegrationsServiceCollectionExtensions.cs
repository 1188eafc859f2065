using Grove.Integrations.Account;
using Grove.Integrations.GitHub;
using Grove.Integrations.Mcp;
using Grove.Integrations.Mcp.OAuth;
using Grove.Integrations.Telemetry;
using Grove.Integrations.Voice;
using Grove.Integrations.Updates;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class GroveIntegrationsServiceCollectionExtensions
{
    /// <summary>Registers the clients of outside services (GitHub). Needs a <see cref="TimeProvider"/>.</summary>
    public static IServiceCollection AddGroveIntegrations(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IGitHubClient, GitHubClient>();
        services.TryAddSingleton<IAccountClient, AccountClient>();
        services.TryAddSingleton<IMcpAccessTokens, NoMcpAccessTokens>();
        services.TryAddSingleton<IMcpOAuthClient, McpOAuthClient>();
        services.TryAddSingleton<IMcpOAuthCallbacks, McpOAuthCallbacks>();
        services.TryAddSingleton(new McpFileOptions());
        services.TryAddSingleton<IClaudeMcpFiles, ClaudeMcpFiles>();
        services.TryAddSingleton<IMcpProber, McpProber>();
        services.TryAddSingleton<Grove.Integrations.Telemetry.IPostHogClient, Grove.Integrations.Telemetry.PostHogClient>();
        services.TryAddSingleton<ICrashReporter, SentryCrashReporter>();
        services.TryAddSingleton<IOpenAITranscriber, OpenAITranscriber>();
        services.TryAddSingleton<IBackendTranscriber, BackendTranscriber>();
        services.TryAddSingleton<IUpdateClient, UpdateClient>();
        return services;
    }
}
