namespace Grove.Core.Budgets;

/// <summary>
/// One turn's own cost (not Claude's running total), where it was spent, and the running total the
/// agent reported with it (<see cref="ReportedTotalUsd"/>, per session) so the next turn's cost can be told.
/// </summary>
public sealed record TurnCost(string TabId, string WorkspaceId, string ProjectId, decimal CostUsd, DateTimeOffset At)
{
    public string? SessionId { get; init; }

    public decimal? ReportedTotalUsd { get; init; }
}

/// <summary>
/// Claude's <c>total_cost_usd</c> is a running total for the session: it grows turn by turn in one
/// process and, with Claude Code 2.1.x, a resumed process carries it on from the session file. A
/// turn's own cost is the rise since the session's previous result.
/// </summary>
public static class TurnCosts
{
    /// <summary>
    /// The cost of the turn that reported <paramref name="reportedTotal"/>, after the session's previous
    /// total <paramref name="previousTotal"/> (null: the session's first result).
    /// </summary>
    public static decimal? Own(decimal? previousTotal, decimal? reportedTotal)
    {
        if (reportedTotal is not { } total)
        {
            return null;
        }

        // A total below the last one means the count started again (a fresh process or session): all of it is this turn's.
        return previousTotal is { } previous && total >= previous ? total - previous : total;
    }
}
