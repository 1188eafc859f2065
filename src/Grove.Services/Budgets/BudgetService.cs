using Grove.Core.Budgets;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Data.Stores;
using Grove.Services.Projects;
using Grove.Services.Workspaces;

namespace Grove.Services.Budgets;

internal sealed class BudgetService(
    IBudgetStore budgets,
    ITurnCostStore costs,
    IWorkspaceStore workspaceStore,
    IProjectStore projectStore,
    IWorkspaceService workspaces,
    IProjectService projects,
    TimeProvider time) : IBudgets
{
    public const string AllTime = "all";

    public async Task<IReadOnlyList<BudgetStatus>> ListAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<BudgetStatus>();
        foreach (var budget in await budgets.ListAsync(cancellationToken))
        {
            result.Add(await StatusAsync(budget, cancellationToken));
        }

        return result;
    }

    public async Task<IReadOnlyList<BudgetStatus>> ForWorkspaceAsync(string workspaceId, CancellationToken cancellationToken = default)
    {
        var workspace = await workspaceStore.GetAsync(workspaceId, cancellationToken)
            ?? throw new GroveException(ErrorKind.NotFound, $"Workspace '{workspaceId}' does not exist.");
        var result = new List<BudgetStatus>();
        foreach (var budget in await ApplyingToAsync(workspace, cancellationToken))
        {
            result.Add(await StatusAsync(budget, cancellationToken));
        }

        return result;
    }

    public async Task<BudgetStatus?> SetAsync(BudgetScope scope, string? target, decimal limitUsd, CancellationToken cancellationToken = default)
    {
        if (limitUsd < 0)
        {
            throw new GroveException(ErrorKind.InvalidInput, "A budget is a positive amount in USD (0 removes it).");
        }

        var targetId = await TargetIdAsync(scope, target, cancellationToken);
        if (limitUsd == 0)
        {
            await budgets.DeleteAsync(scope, targetId, cancellationToken);
            return null;
        }

        await budgets.SetAsync(scope, targetId, decimal.Round(limitUsd, 6), cancellationToken);
        var stored = (await budgets.ListAsync(cancellationToken)).Single(b => b.Scope == scope && b.TargetId == targetId);
        return await StatusAsync(stored, cancellationToken);
    }

    public async Task<bool> ClearAsync(BudgetScope scope, string? target, CancellationToken cancellationToken = default) =>
        await budgets.DeleteAsync(scope, await TargetIdAsync(scope, target, cancellationToken), cancellationToken);

    public async Task<SpendSummary> SpendAsync(string? workspaceId = null, CancellationToken cancellationToken = default)
    {
        var (from, until) = Today();
        return new SpendSummary(
            await costs.SumAsync(workspaceId, null, from, until, cancellationToken),
            await costs.SumAsync(workspaceId, null, cancellationToken: cancellationToken),
            await costs.SumByTabAsync(cancellationToken));
    }

    /// <summary>The first budget of the workspace that is used up, or null when a turn may start.</summary>
    internal async Task<BudgetStatus?> ReachedAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        foreach (var budget in await ApplyingToAsync(workspace, cancellationToken))
        {
            var status = await StatusAsync(budget, cancellationToken);
            if (status.Reached)
            {
                return status;
            }
        }

        return null;
    }

    /// <summary>Refuses a turn in <paramref name="workspace"/> when one of its budgets is used up.</summary>
    internal async Task EnsureCanStartAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        if (await ReachedAsync(workspace, cancellationToken) is { } reached)
        {
            throw new GroveException(ErrorKind.BudgetReached, RefusalMessage(reached));
        }
    }

    public static string RefusalMessage(BudgetStatus reached)
    {
        var raise = reached.Scope switch
        {
            BudgetScope.Workspace => $"--workspace {reached.Name}",
            BudgetScope.Project => $"--project {reached.Name}",
            _ => "--daily",
        };
        var suggestion = Math.Ceiling(Math.Max(reached.LimitUsd * 2, reached.SpentUsd + 1));
        return $"Budget reached: {reached.Label} spent {BudgetRules.Usd(reached.SpentUsd)} of {BudgetRules.Usd(reached.LimitUsd)} — raise it with grove budget set {raise} {suggestion:0}";
    }

    /// <summary>
    /// Stores a finished turn's cost; returns the budgets that crossed 80% for the first time in
    /// their period (each once) and those now used up.
    /// </summary>
    internal async Task<(IReadOnlyList<BudgetStatus> Warnings, IReadOnlyList<BudgetStatus> Reached)> RecordAsync(
        AgentTab tab, Workspace workspace, decimal costUsd, string? sessionId, decimal? reportedTotal, CancellationToken cancellationToken)
    {
        await costs.AddAsync(
            new TurnCost(tab.Id, workspace.Id, workspace.ProjectId, costUsd, time.GetUtcNow()) { SessionId = sessionId, ReportedTotalUsd = reportedTotal },
            cancellationToken);
        if (costUsd <= 0)
        {
            return ([], []);
        }

        var warnings = new List<BudgetStatus>();
        var reached = new List<BudgetStatus>();
        foreach (var budget in await ApplyingToAsync(workspace, cancellationToken))
        {
            var status = await StatusAsync(budget, cancellationToken);
            if (status.Reached)
            {
                reached.Add(status);
            }

            if (status.Warning && await budgets.MarkWarnedAsync(budget.Scope, budget.TargetId, Period(budget.Scope), cancellationToken))
            {
                warnings.Add(status);
            }
        }

        return (warnings, reached);
    }

    /// <summary>A finished turn's own cost: the rise of the session's running total since its previous result.</summary>
    internal async Task<decimal?> OwnCostAsync(string tabId, Core.Agents.ResultEvent result, CancellationToken cancellationToken)
    {
        var previous = result.SessionId is { } session ? await costs.LastReportedTotalAsync(tabId, session, cancellationToken) : null;
        return TurnCosts.Own(previous, result.CostUsd);
    }

    public static string WarningMessage(BudgetStatus status) =>
        $"Budget at {Math.Floor(status.Fraction * 100):0}%: {status.Label} spent {BudgetRules.Usd(status.SpentUsd)} of {BudgetRules.Usd(status.LimitUsd)}.";

    private async Task<IReadOnlyList<Budget>> ApplyingToAsync(Workspace workspace, CancellationToken cancellationToken) =>
        [.. (await budgets.ListAsync(cancellationToken)).Where(b => b.Scope switch
        {
            BudgetScope.Workspace => b.TargetId == workspace.Id,
            BudgetScope.Project => b.TargetId == workspace.ProjectId,
            _ => true,
        })];

    private async Task<BudgetStatus> StatusAsync(Budget budget, CancellationToken cancellationToken)
    {
        switch (budget.Scope)
        {
            case BudgetScope.Workspace:
                var workspace = await workspaceStore.GetAsync(budget.TargetId, cancellationToken);
                return new BudgetStatus(budget.Scope, budget.TargetId, workspace?.Name ?? budget.TargetId, budget.LimitUsd,
                    await costs.SumAsync(budget.TargetId, null, cancellationToken: cancellationToken));
            case BudgetScope.Project:
                var project = await projectStore.GetAsync(budget.TargetId, cancellationToken);
                return new BudgetStatus(budget.Scope, budget.TargetId, project?.Name ?? budget.TargetId, budget.LimitUsd,
                    await costs.SumAsync(null, budget.TargetId, cancellationToken: cancellationToken));
            default:
                var (from, until) = Today();
                return new BudgetStatus(budget.Scope, string.Empty, "today", budget.LimitUsd, await costs.SumAsync(null, null, from, until, cancellationToken));
        }
    }

    private async Task<string> TargetIdAsync(BudgetScope scope, string? target, CancellationToken cancellationToken) => scope switch
    {
        BudgetScope.Workspace => (await workspaces.ResolveAsync(Required(target, "--workspace"), cancellationToken)).Id,
        BudgetScope.Project => (await projects.ResolveAsync(Required(target, "--project"), cancellationToken)).Id,
        _ => string.Empty,
    };

    private static string Required(string? target, string option) =>
        string.IsNullOrWhiteSpace(target) ? throw new GroveException(ErrorKind.InvalidInput, $"Name the budget's target ({option} <name>).") : target;

    /// <summary>The local day as a UTC range [from, until).</summary>
    private (DateTimeOffset From, DateTimeOffset Until) Today()
    {
        var zone = time.LocalTimeZone;
        var local = TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone);
        var midnight = new DateTimeOffset(local.Date, zone.GetUtcOffset(local.Date));
        var next = local.Date.AddDays(1);
        return (midnight.ToUniversalTime(), new DateTimeOffset(next, zone.GetUtcOffset(next)).ToUniversalTime());
    }

    private string Period(BudgetScope scope) =>
        scope == BudgetScope.Daily
            ? TimeZoneInfo.ConvertTime(time.GetUtcNow(), time.LocalTimeZone).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
            : AllTime;
}
