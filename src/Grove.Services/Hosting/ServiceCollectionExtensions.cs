using Grove.Core.Paths;
using Grove.Core.Security;
using Grove.Services.Admission;
using Grove.Services.Agents;
using Grove.Services.Budgets;
using Grove.Services.Changes;
using Grove.Services.Doctor;
using Grove.Services.Files;
using Grove.Services.Hosting;
using Grove.Services.Projects;
using Grove.Services.PullRequests;
using Grove.Services.Settings;
using Grove.Services.Setup;
using Grove.Services.Workspaces;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class GroveServicesServiceCollectionExtensions
{
    /// <summary>
    /// Registers Grove's application services on top of data and git: projects, workspaces,
    /// changes, doctor, setup. Needs a <see cref="GrovePaths"/> singleton.
    /// </summary>
    public static IServiceCollection AddGroveServices(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddGroveDataProtection();
        services.TryAddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        services.AddGroveData();
        services.AddGroveGit();
        services.AddGroveAgents();
        services.AddGroveIntegrations();
        services.TryAddSingleton<IProjectService, ProjectService>();
        services.TryAddSingleton<IProjectCloner, ProjectCloner>();
        services.TryAddSingleton<WorkspaceCreator>();
        services.TryAddSingleton<IWorkspaceService, WorkspaceService>();
        services.TryAddSingleton<IWorkspaceChanges, WorkspaceChanges>();
        services.TryAddSingleton<IDoctorService, DoctorService>();
        services.TryAddSingleton<SetupRunner>();
        services.TryAddSingleton<WorktreeIncludeCopier>();
        services.TryAddSingleton<AgentRunOptions>();
        services.TryAddSingleton<TabEventHub>();
        services.TryAddSingleton<AgentAuthProvider>();
        services.TryAddSingleton<IAgentTabs, AgentTabs>();
        services.TryAddSingleton<ITabWorktree, TabWorktree>();
        services.TryAddSingleton<IAvailableMemory, SystemAvailableMemory>();
        services.TryAddSingleton<TurnGate>();
        services.TryAddSingleton<ITurnAdmission>(sp => sp.GetRequiredService<TurnGate>());
        services.TryAddSingleton<BudgetService>();
        services.TryAddSingleton<IBudgets>(sp => sp.GetRequiredService<BudgetService>());
        services.TryAddSingleton<IAgentRuns, AgentRuns>();
        services.TryAddSingleton<ITranscripts, Transcripts>();
        services.TryAddSingleton<IAgentSetup, AgentSetup>();
        services.TryAddSingleton<StaleRunReconciler>();
        services.TryAddSingleton<SessionRecovery>();
        services.TryAddSingleton<ISettingsService, SettingsService>();
        services.TryAddSingleton<WorkspaceWatchHub>();
        services.TryAddSingleton<IWorkspaceFeeds, WorkspaceFeeds>();
        services.TryAddSingleton<ITranscriptExporter, TranscriptExporter>();
        services.TryAddSingleton<IWorkspaceFiles, WorkspaceFiles>();
        services.TryAddSingleton<IProjectCommands, ProjectCommands>();
        services.TryAddSingleton<IGitHubTokenResolver, GitHubTokenResolver>();
        services.TryAddSingleton<GitHubTargets>();
        services.TryAddSingleton<BranchCommits>();
        services.TryAddSingleton<IPullRequests, PullRequestService>();
        return services;
    }
}
