using System.Collections.Concurrent;
using Grove.Agents;
using Grove.Core.Paths;
using Grove.Data.Stores;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Agents;

/// <summary>What every <see cref="TabRunner"/> shares.</summary>
internal sealed record TabRunnerContext(
    IAgentTabStore Tabs,
    IWorkspaceStore Workspaces,
    ITranscriptStore Transcripts,
    IPermissionRuleStore Rules,
    ISettingsStore Settings,
    IAgentDrivers Drivers,
    AgentAuthProvider Auth,
    TabEventHub Hub,
    TranscriptCommitter Committer,
    ApprovalRegistry Approvals,
    AgentRunOptions Options,
    GrovePaths Paths,
    Mcp.McpRunConfig Mcp,
    TimeProvider Time,
    ILogger Logger,
    Checkpoints.TurnCheckpoints Checkpoints,
    Admission.TurnGate Gate,
    Budgets.BudgetService Budgets,
    IWaitingTurnStore WaitingTurns)
{
    /// <summary>A finished turn used up budgets (the tab that ran it, the budgets): running turns they cover may be interrupted.</summary>
    public Func<string, IReadOnlyList<Core.Budgets.BudgetStatus>, Task>? OnBudgetReached { get; init; }
}

/// <summary>Which tab holds each pending request id.</summary>
internal sealed class ApprovalRegistry
{
    private readonly ConcurrentDictionary<string, TabRunner> _owners = new(StringComparer.Ordinal);

    public void Register(string requestId, TabRunner runner) => _owners[requestId] = runner;

    public void Unregister(string requestId) => _owners.TryRemove(requestId, out _);

    public TabRunner? Find(string requestId) => _owners.GetValueOrDefault(requestId);
}
