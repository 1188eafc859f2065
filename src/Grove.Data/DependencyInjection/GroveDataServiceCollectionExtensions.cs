using Grove.Core.Paths;
using Grove.Core.Security;
using Grove.Data;
using Grove.Data.Migrations;
using Grove.Data.Stores;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class GroveDataServiceCollectionExtensions
{
    /// <summary>
    /// Registers the database, its initializer and every store as singletons. The host registers
    /// <see cref="GrovePaths"/> and <see cref="ISecretProtector"/> (and may register a
    /// <see cref="TimeProvider"/>; the system clock is the default), then calls
    /// <see cref="IDatabaseInitializer.InitializeAsync"/> once at start-up.
    /// </summary>
    public static IServiceCollection AddGroveData(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new GroveDatabase(sp.GetRequiredService<GrovePaths>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IDatabaseInitializer>(sp => new DatabaseInitializer(sp.GetRequiredService<GroveDatabase>()));
        services.TryAddSingleton<IProjectStore>(sp => new ProjectStore(sp.GetRequiredService<GroveDatabase>()));
        services.TryAddSingleton<IWorkspaceStore>(sp => new WorkspaceStore(sp.GetRequiredService<GroveDatabase>()));
        services.TryAddSingleton<IAgentTabStore>(sp => new AgentTabStore(sp.GetRequiredService<GroveDatabase>()));
        services.TryAddSingleton<ITranscriptStore>(sp => new TranscriptStore(sp.GetRequiredService<GroveDatabase>()));
        services.TryAddSingleton<IPermissionRuleStore>(sp => new PermissionRuleStore(sp.GetRequiredService<GroveDatabase>()));
        services.TryAddSingleton<IWorkspacePortStore>(sp => new WorkspacePortStore(sp.GetRequiredService<GroveDatabase>()));
        services.TryAddSingleton<ISettingsStore>(sp => new SettingsStore(sp.GetRequiredService<GroveDatabase>()));
        services.TryAddSingleton<IReviewCommentStore>(sp => new ReviewCommentStore(sp.GetRequiredService<GroveDatabase>()));
        services.TryAddSingleton<IMcpStateStore>(sp => new McpStateStore(sp.GetRequiredService<GroveDatabase>()));
        services.TryAddSingleton<ITurnCostStore>(sp => new TurnCostStore(sp.GetRequiredService<GroveDatabase>()));
        services.TryAddSingleton<IBudgetStore>(sp => new BudgetStore(sp.GetRequiredService<GroveDatabase>()));
        services.TryAddSingleton<IWaitingTurnStore>(sp => new WaitingTurnStore(sp.GetRequiredService<GroveDatabase>()));
        services.TryAddSingleton<ICredentialStore>(
            sp => new CredentialStore(sp.GetRequiredService<GroveDatabase>(), sp.GetRequiredService<ISecretProtector>()));
        services.TryAddSingleton<IMcpOAuthStore>(
            sp => new McpOAuthStore(sp.GetRequiredService<GroveDatabase>(), sp.GetRequiredService<ISecretProtector>()));
        return services;
    }
}
