namespace Grove.Core.Budgets;

/// <summary>One turn's own cost (not the process's running total), where it was spent.</summary>
public sealed record TurnCost(string TabId, string WorkspaceId, string ProjectId, decimal CostUsd, DateTimeOffset At);

/// <summary>
/// Turns Claude's <c>total_cost_usd</c> (a running total for the process, starting again at 0 in a
/// resumed process) into each turn's own cost. One per agent process.
/// </summary>
public sealed class RunningCost
{
    private decimal _previous;

    /// <summary>The cost of the turn whose result reported <paramref name="processTotal"/>.</summary>
    public decimal? Next(decimal? processTotal)
    {
        if (processTotal is not { } total)
        {
            return null;
        }

        // A total below the last one means the count started again (a new process): all of it is this turn's.
        var turn = total >= _previous ? total - _previous : total;
        _previous = total;
        return turn;
    }
}
