using Grove.Core.Budgets;

namespace Grove.Services.Budgets;

/// <summary>
/// Spend budgets in USD per workspace, per project and per local day, counted from each turn's own
/// cost. At 80% a notice (once per budget and period); at 100% the next turn is refused before
/// anything reaches the model, until the user raises the budget.
/// </summary>
public interface IBudgets
{
    /// <summary>Every budget with what was spent against it.</summary>
    Task<IReadOnlyList<BudgetStatus>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>The budgets that count a workspace's turns: its own, its project's, today's.</summary>
    Task<IReadOnlyList<BudgetStatus>> ForWorkspaceAsync(string workspaceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets a budget. <paramref name="target"/> is a workspace (name or id) or a project (name or id),
    /// ignored for <see cref="BudgetScope.Daily"/>. Zero removes it.
    /// </summary>
    Task<BudgetStatus?> SetAsync(BudgetScope scope, string? target, decimal limitUsd, CancellationToken cancellationToken = default);

    /// <summary>Removes a budget; false when there was none.</summary>
    Task<bool> ClearAsync(BudgetScope scope, string? target, CancellationToken cancellationToken = default);

    /// <summary>What was spent today (the local day), in a workspace, and in total.</summary>
    Task<SpendSummary> SpendAsync(string? workspaceId = null, CancellationToken cancellationToken = default);
}

/// <summary>Spend totals: today (local day) and all time, everywhere or in one workspace.</summary>
public sealed record SpendSummary(decimal TodayUsd, decimal TotalUsd, IReadOnlyDictionary<string, decimal> ByTab);
