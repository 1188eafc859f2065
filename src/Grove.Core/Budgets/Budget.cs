namespace Grove.Core.Budgets;

/// <summary>What a spend budget covers.</summary>
public enum BudgetScope
{
    /// <summary>Everything spent in one workspace.</summary>
    Workspace,

    /// <summary>Everything spent in the workspaces of one project.</summary>
    Project,

    /// <summary>Everything spent today (the local day), anywhere.</summary>
    Daily,
}

/// <summary>
/// A spend limit in USD. <see cref="TargetId"/> is the workspace or project id (empty for
/// <see cref="BudgetScope.Daily"/>); <see cref="WarnedPeriod"/> names the period whose 80% notice
/// was given (<c>all</c>, or the local day <c>yyyy-MM-dd</c> of a daily budget).
/// </summary>
public sealed record Budget(BudgetScope Scope, string TargetId, decimal LimitUsd)
{
    public string? WarnedPeriod { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A budget with what was spent against it, as the UI, the CLI and the API show it.</summary>
public sealed record BudgetStatus(BudgetScope Scope, string TargetId, string Name, decimal LimitUsd, decimal SpentUsd)
{
    /// <summary>Spent as a share of the limit (1 = reached).</summary>
    public double Fraction => LimitUsd <= 0 ? 0 : (double)(SpentUsd / LimitUsd);

    public bool Reached => SpentUsd >= LimitUsd;

    public bool Warning => Fraction >= BudgetRules.WarnFraction;

    /// <summary>How the budget reads in a sentence: <c>workspace 'x'</c>, <c>project 'p'</c>, <c>today</c>.</summary>
    public string Label => Scope switch
    {
        BudgetScope.Workspace => $"workspace '{Name}'",
        BudgetScope.Project => $"project '{Name}'",
        _ => "today",
    };
}

/// <summary>The rules of budgets shared by every face.</summary>
public static class BudgetRules
{
    /// <summary>At this share of a budget a notice is given, once per budget and period.</summary>
    public const double WarnFraction = 0.8;

    /// <summary><c>$5.02</c>; amounts under $1 that cents would round away keep four decimals (<c>$0.0031</c>).</summary>
    public static string Usd(decimal value) =>
        value.ToString(value != 0 && Math.Abs(value) < 1 && decimal.Round(value, 2) != value ? "$0.0000" : "$0.00", System.Globalization.CultureInfo.InvariantCulture);
}
