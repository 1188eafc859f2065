using Grove.Core.Budgets;

namespace Grove.Data.Stores;

/// <summary>Each turn's own cost, summed for budgets and totals.</summary>
public interface ITurnCostStore
{
    Task AddAsync(TurnCost cost, CancellationToken cancellationToken = default);

    /// <summary>
    /// What was spent in [<paramref name="from"/>, <paramref name="until"/>) (open ends when null), in one
    /// workspace, one project, or everywhere when both are null.
    /// </summary>
    Task<decimal> SumAsync(string? workspaceId, string? projectId, DateTimeOffset? from = null, DateTimeOffset? until = null, CancellationToken cancellationToken = default);

    /// <summary>The running total the agent last reported for this tab's session, or null before its first result.</summary>
    Task<decimal?> LastReportedTotalAsync(string tabId, string sessionId, CancellationToken cancellationToken = default);

    /// <summary>What each tab spent, for the tabs that spent anything.</summary>
    Task<IReadOnlyDictionary<string, decimal>> SumByTabAsync(CancellationToken cancellationToken = default);
}

/// <summary>Spend budgets.</summary>
public interface IBudgetStore
{
    Task<IReadOnlyList<Budget>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Sets a budget's limit (its 80% notice may be given again).</summary>
    Task SetAsync(BudgetScope scope, string targetId, decimal limitUsd, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(BudgetScope scope, string targetId, CancellationToken cancellationToken = default);

    /// <summary>Records that the 80% notice of <paramref name="period"/> was given; false when it already was.</summary>
    Task<bool> MarkWarnedAsync(BudgetScope scope, string targetId, string period, CancellationToken cancellationToken = default);
}

/// <summary>A message waiting to start, kept across a restart.</summary>
public sealed record WaitingTurnRecord(string Id, string TabId, string Text, string? ImagesJson, DateTimeOffset CreatedAt);

/// <summary>Messages waiting to start (behind a running turn or for a free slot), oldest first.</summary>
public interface IWaitingTurnStore
{
    Task AddAsync(WaitingTurnRecord turn, CancellationToken cancellationToken = default);

    Task<bool> RemoveAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Every waiting message (of one tab when <paramref name="tabId"/> is set), oldest first.</summary>
    Task<IReadOnlyList<WaitingTurnRecord>> ListAsync(string? tabId = null, CancellationToken cancellationToken = default);
}
