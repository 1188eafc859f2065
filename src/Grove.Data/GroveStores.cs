using Grove.Core.Security;
using Grove.Data.Stores;

namespace Grove.Data;

/// <summary>
/// Every store over one <see cref="GroveDatabase"/>, for code that runs without DI (bench, CLI
/// offline commands, tests). The server gets the same stores from <c>AddGroveData()</c>.
/// </summary>
public sealed class GroveStores(GroveDatabase database, ISecretProtector secretProtector)
{
    public GroveDatabase Database { get; } = database;

    public IProjectStore Projects { get; } = new ProjectStore(database);

    public IWorkspaceStore Workspaces { get; } = new WorkspaceStore(database);

    public IAgentTabStore Tabs { get; } = new AgentTabStore(database);

    public ITranscriptStore Transcripts { get; } = new TranscriptStore(database);

    public IPermissionRuleStore PermissionRules { get; } = new PermissionRuleStore(database);

    public IWorkspacePortStore Ports { get; } = new WorkspacePortStore(database);

    public ISettingsStore Settings { get; } = new SettingsStore(database);

    public IReviewCommentStore ReviewComments { get; } = new ReviewCommentStore(database);
    public IMcpStateStore McpState { get; } = new McpStateStore(database);
    public ITurnCostStore TurnCosts { get; } = new TurnCostStore(database);

    public IBudgetStore Budgets { get; } = new BudgetStore(database);

    public IWaitingTurnStore WaitingTurns { get; } = new WaitingTurnStore(database);

    public ICredentialStore Credentials { get; } = new CredentialStore(database, secretProtector);

    public IMcpOAuthStore McpOAuth { get; } = new McpOAuthStore(database, secretProtector);
}
