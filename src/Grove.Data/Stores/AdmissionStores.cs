using Grove.Core.Budgets;

namespace Grove.Data.Stores;

internal sealed class TurnCostStore(GroveDatabase database) : ITurnCostStore
{
    public Task AddAsync(TurnCost cost, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cost);
        return database.WriteAsync(
            w => w.Execute(
                "INSERT INTO turn_costs (tab_id, workspace_id, project_id, cost_micros, created_at, session_id, total_micros) " +
                "VALUES ($tab, $workspace, $project, $micros, $at, $session, $total);",
                ("$session", cost.SessionId),
                ("$total", cost.ReportedTotalUsd is { } total ? Micros.From(total) : null),
                ("$tab", cost.TabId),
                ("$workspace", cost.WorkspaceId),
                ("$project", cost.ProjectId),
                ("$micros", Micros.From(cost.CostUsd)),
                ("$at", Sql.Timestamp(cost.At))),
            null,
            cancellationToken);
    }

    public Task<decimal> SumAsync(string? workspaceId, string? projectId, DateTimeOffset? from = null, DateTimeOffset? until = null, CancellationToken cancellationToken = default)
    {
        // Only the conditions that apply, so SQLite walks one covering index (an "x IS NULL OR" form would scan).
        var where = new List<string>();
        if (workspaceId is not null)
        {
            where.Add("workspace_id = $workspace");
        }

        if (projectId is not null)
        {
            where.Add("project_id = $project");
        }

        if (from is not null)
        {
            where.Add("created_at >= $from");
        }

        if (until is not null)
        {
            where.Add("created_at < $until");
        }

        var sql = "SELECT COALESCE(SUM(cost_micros), 0) FROM turn_costs" + (where.Count == 0 ? ";" : $" WHERE {string.Join(" AND ", where)};");
        return database.ReadAsync(
            async (connection, ct) => Micros.ToUsd(await connection.QuerySingleOrDefaultAsync(
                sql,
                r => r.GetInt64(0),
                ct,
                ("$workspace", workspaceId),
                ("$project", projectId),
                ("$from", from is { } f ? Sql.Timestamp(f) : null),
                ("$until", until is { } u ? Sql.Timestamp(u) : null))),
            cancellationToken);
    }

    public Task<decimal?> LastReportedTotalAsync(string tabId, string sessionId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async (connection, ct) =>
            {
                var rows = await connection.QueryAsync(
                    "SELECT total_micros FROM turn_costs WHERE tab_id = $tab AND session_id = $session AND total_micros IS NOT NULL ORDER BY id DESC LIMIT 1;",
                    r => r.GetInt64(0),
                    ct,
                    ("$tab", tabId),
                    ("$session", sessionId));
                return rows.Count == 0 ? (decimal?)null : Micros.ToUsd(rows[0]);
            },
            cancellationToken);

    public Task<IReadOnlyDictionary<string, decimal>> SumByTabAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyDictionary<string, decimal>>(
            async (connection, ct) =>
            {
                var rows = await connection.QueryAsync(
                    "SELECT tab_id, SUM(cost_micros) FROM turn_costs GROUP BY tab_id;", r => (r.GetString(0), r.GetInt64(1)), ct);
                return rows.ToDictionary(row => row.Item1, row => Micros.ToUsd(row.Item2), StringComparer.Ordinal);
            },
            cancellationToken);
}

internal sealed class BudgetStore(GroveDatabase database) : IBudgetStore
{
    public Task<IReadOnlyList<Budget>> ListAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            (connection, ct) => connection.QueryAsync(
                "SELECT scope, target_id, limit_micros, warned_period, updated_at FROM budgets ORDER BY scope, target_id;",
                r => new Budget(Sql.ParseEnum<BudgetScope>(r.GetString(0)), r.GetString(1), Micros.ToUsd(r.GetInt64(2)))
                {
                    WarnedPeriod = r.GetNullableString(3),
                    UpdatedAt = r.GetTimestamp(4),
                },
                ct),
            cancellationToken);

    public Task SetAsync(BudgetScope scope, string targetId, decimal limitUsd, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            w => w.Execute(
                "INSERT INTO budgets (scope, target_id, limit_micros, warned_period, updated_at) VALUES ($scope, $target, $limit, NULL, $now) " +
                "ON CONFLICT (scope, target_id) DO UPDATE SET limit_micros = excluded.limit_micros, warned_period = NULL, updated_at = excluded.updated_at;",
                ("$scope", Sql.Enum(scope)),
                ("$target", targetId),
                ("$limit", Micros.From(limitUsd)),
                ("$now", Sql.Timestamp(database.TimeProvider.GetUtcNow()))),
            null,
            cancellationToken);

    public async Task<bool> DeleteAsync(BudgetScope scope, string targetId, CancellationToken cancellationToken = default) =>
        await database.WriteAsync(
            w => w.Execute("DELETE FROM budgets WHERE scope = $scope AND target_id = $target;", ("$scope", Sql.Enum(scope)), ("$target", targetId)),
            null,
            cancellationToken) > 0;

    public async Task<bool> MarkWarnedAsync(BudgetScope scope, string targetId, string period, CancellationToken cancellationToken = default) =>
        await database.WriteAsync(
            w => w.Execute(
                "UPDATE budgets SET warned_period = $period WHERE scope = $scope AND target_id = $target AND warned_period IS NOT $period;",
                ("$scope", Sql.Enum(scope)),
                ("$target", targetId),
                ("$period", period)),
            null,
            cancellationToken) > 0;
}

internal sealed class WaitingTurnStore(GroveDatabase database) : IWaitingTurnStore
{
    public Task AddAsync(WaitingTurnRecord turn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return database.WriteAsync(
            w => w.Execute(
                "INSERT INTO waiting_turns (id, tab_id, text, images, created_at) VALUES ($id, $tab, $text, $images, $at);",
                ("$id", turn.Id),
                ("$tab", turn.TabId),
                ("$text", turn.Text),
                ("$images", turn.ImagesJson),
                ("$at", Sql.Timestamp(turn.CreatedAt))),
            null,
            cancellationToken);
    }

    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken = default) =>
        await database.WriteAsync(w => w.Execute("DELETE FROM waiting_turns WHERE id = $id;", ("$id", id)), null, cancellationToken) > 0;

    public Task<IReadOnlyList<WaitingTurnRecord>> ListAsync(string? tabId = null, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            (connection, ct) => connection.QueryAsync(
                "SELECT id, tab_id, text, images, created_at FROM waiting_turns WHERE $tab IS NULL OR tab_id = $tab ORDER BY seq;",
                r => new WaitingTurnRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetNullableString(3), r.GetTimestamp(4)),
                ct,
                ("$tab", tabId)),
            cancellationToken);
}

/// <summary>Money in the database: whole micro-dollars, so sums are exact.</summary>
internal static class Micros
{
    public static long From(decimal usd) => (long)decimal.Round(usd * 1_000_000m, MidpointRounding.AwayFromZero);

    public static decimal ToUsd(long micros) => micros / 1_000_000m;
}
