using Grove.Core.Paths;
using Grove.Core.Security;
using Grove.Integrations.Mcp;
using Grove.Services.Account;
using Grove.Services.Admission;
using Grove.Services.Agents;
using Grove.Services.Agents.Usage;
using Grove.Services.Budgets;
using Grove.Services.Changes;
using Grove.Services.Conflicts;
using Grove.Services.Doctor;
using Grove.Services.Files;
using Grove.Services.Hosting;
using Grove.Services.Lists;
using Grove.Services.Logging;
using Grove.Services.Telemetry;
using Grove.Services.Mcp;
using Grove.Services.Projects;
using Grove.Services.Runs;
using Grove.Services.PullRequests;
using Grove.Services.Review;
using Grove.Services.Settings;
using Grove.Services.Setup;
using Grove.Services.Terminals;
using Grove.Services.Voice;
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
        services.AddGroveLogging();
        services.AddGroveTelemetry();
        services.TryAddSingleton<DataProtectionSecretProtector>();
        services.TryAddSingleton<ISecretProtector>(sp => new RememberingSecretProtector(
            sp.GetRequiredService<DataProtectionSecretProtector>(), sp.GetRequiredService<ISecretRedactor>()));
        services.AddGroveData();
        services.AddGroveGit();

        // Before AddGroveAgents, whose default has no settings.
        services.TryAddSingleton<Grove.Agents.Codex.ICodexSettings, CodexSettings>();
        services.AddGroveAgents();
        services.AddGroveIntegrations();
        services.TryAddSingleton<IProjectService, ProjectService>();
        services.TryAddSingleton<IProjectCloner, ProjectCloner>();
        services.TryAddSingleton<WorkspaceCreator>();
        services.TryAddSingleton<IWorkspaceClosingHooks, WorkspaceClosingHooks>();
        services.TryAddSingleton<IWorkspaceService, WorkspaceService>();
        services.TryAddSingleton<TerminalOptions>();
        services.TryAddSingleton<ITerminals, Terminals>();
        services.TryAddSingleton<IWorkspacePorts, WorkspacePorts>();
        services.TryAddSingleton<IWorkspaceEnvironment, WorkspaceEnvironment>();
        services.TryAddSingleton<RunRegistry>();
        services.TryAddSingleton<IWorkspaceRuns, WorkspaceRuns>();
        services.TryAddSingleton<WorkspaceTeardown>();
        services.TryAddSingleton<Grove.Services.Checkpoints.TurnCheckpoints>();
        services.TryAddSingleton<Grove.Services.Checkpoints.ICheckpoints, Grove.Services.Checkpoints.Checkpoints>();
        services.TryAddSingleton<IWorkspaceChanges, WorkspaceChanges>();
        services.TryAddSingleton<ChangeSetBook>();
        services.TryAddSingleton<SummaryCache>();
        services.TryAddSingleton<IConflictRadar, ConflictRadar>();
        services.TryAddSingleton<IDoctorService, DoctorService>();
        services.TryAddSingleton<SetupRunner>();
        services.TryAddSingleton<WorktreeIncludeCopier>();
        services.TryAddSingleton<AgentRunOptions>();
        services.TryAddSingleton<TabEventHub>();
        services.TryAddSingleton<TranscriptCommitter>();
        services.TryAddSingleton<AgentAuthProvider>();
        services.Replace(ServiceDescriptor.Singleton<Grove.Agents.ClaudeCode.IClaudeProgramChoice, ClaudeProgramSettings>());
        services.TryAddSingleton<IAgentKinds, AgentKinds>();
        services.TryAddSingleton<IAgentTabs, AgentTabs>();
        services.TryAddSingleton<ITabWorktree, TabWorktree>();
        services.TryAddSingleton<IAvailableMemory, SystemAvailableMemory>();
        services.TryAddSingleton<TurnGate>();
        services.TryAddSingleton<ITurnAdmission>(sp => sp.GetRequiredService<TurnGate>());
        services.TryAddSingleton<BudgetService>();
        services.TryAddSingleton<IBudgets>(sp => sp.GetRequiredService<BudgetService>());
        services.TryAddSingleton<IAgentRuns, AgentRuns>();
        services.TryAddSingleton<IProcessTreeProbe>(_ => OperatingSystem.IsLinux() && Directory.Exists("/proc/self") ? new ProcfsProcessTreeProbe() : new PortableProcessTreeProbe());
        services.TryAddSingleton<IAgentUsage, AgentUsageSampler>();
        services.TryAddSingleton<IWorkspaceList, WorkspaceList>();
        services.TryAddSingleton<ITranscripts, Transcripts>();
        services.TryAddSingleton<IAgentSetup, AgentSetup>();
        services.TryAddSingleton<StaleRunReconciler>();
        services.TryAddSingleton<SessionRecovery>();
        services.TryAddSingleton<SettingChanges>();
        services.TryAddSingleton<ISettingsService, SettingsService>();
        services.TryAddSingleton<Grove.Services.Analytics.AnalyticsOptions>();
        services.TryAddSingleton<Grove.Services.Analytics.IAnalytics, Grove.Services.Analytics.PostHogAnalytics>();
        services.TryAddSingleton<WorkspaceWatchHub>();
        services.TryAddSingleton<IWorkspaceFeeds, WorkspaceFeeds>();
        services.TryAddSingleton<ITranscriptExporter, TranscriptExporter>();
        services.TryAddSingleton<IWorkspaceFiles, WorkspaceFiles>();
        services.TryAddSingleton<IProjectCommands, ProjectCommands>();
        services.TryAddSingleton<IGitHubTokenResolver, GitHubTokenResolver>();
        services.TryAddSingleton<OriginUrls>();
        services.TryAddSingleton<GitHubTargets>();
        services.TryAddSingleton<BranchCommits>();
        services.TryAddSingleton<IPullRequests, PullRequestService>();
        services.TryAddSingleton<ReviewCommentSignal>();
        services.TryAddSingleton<ReviewCommentDelivery>();
        services.TryAddSingleton<IReviewComments, ReviewComments>();
        services.TryAddSingleton<IPullRequestWatch, PullRequestWatch>();
        services.Replace(ServiceDescriptor.Singleton<IMcpAccessTokens, McpAccessTokens>());
        services.TryAddSingleton<IMcpSignIn, McpSignIn>();
        services.TryAddSingleton<IMcpServerUrls, CatalogMcpServerUrls>();
        services.TryAddSingleton<McpProbeCache>();
        services.TryAddSingleton<McpServers>();
        services.TryAddSingleton<IMcpServers>(sp => sp.GetRequiredService<McpServers>());
        services.TryAddSingleton<McpRunConfig>();
        services.TryAddSingleton<AccountApiUrl>();
        services.TryAddSingleton<AccountSessionStore>();
        services.TryAddSingleton<AccountSignIns>();
        services.TryAddSingleton<AccountSessions>();
        services.TryAddSingleton<AccountPlanCache>();
        services.TryAddSingleton<IAccount, AccountService>();
        services.TryAddSingleton<IAccountAccess, AccountAccessProvider>();
        services.TryAddSingleton<IProtocolHandlerSetup, ProtocolHandlerSetup>();
        // Runs only where a host runs (grove serve): renews the account's tokens before they expire.
        services.AddHostedService<AccountRefresher>();
        services.TryAddSingleton(new VoiceOptions());
        services.TryAddSingleton<LoginShellVariable>();
        services.TryAddSingleton<VoiceKeys>();
        services.TryAddSingleton<IVoice, VoiceService>();
        services.TryAddSingleton(Grove.Core.Updates.GroveVersion.Current);
        services.TryAddSingleton(_ => Grove.Services.Updates.InstallLocation.Detect());
        services.TryAddSingleton<Grove.Services.Updates.IUpdates, Grove.Services.Updates.Updates>();
        return services;
    }
}
