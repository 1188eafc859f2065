using Grove.Core.Domain;
using Grove.Core.Errors;
using Microsoft.Data.Sqlite;

namespace Grove.Data.Stores;

internal sealed class AgentTabStore(GroveDatabase database) : IAgentTabStore
{
    private const string Columns = "id, workspace_id, name, agent_kind, session_id, mode, model, created_at, updated_at, status, permission_mode, last_error, max_turns, run_owner, parked_at, waiting_since";

    private const string InsertSql =
        $"INSERT INTO agent_tabs ({Columns}) VALUES ($id, $workspace_id, $name, $agent_kind, $session_id, $mode, $model, $created_at, $updated_at, $status, $permission_mode, $last_error, $max_turns, $run_owner, $parked_at, $waiting_since);";

    private const string UpdateSql =
        "UPDATE agent_tabs SET workspace_id = $workspace_id, name = $name, agent_kind = $agent_kind, session_id = $session_id, " +
        "mode = $mode, model = $model, updated_at = $updated_at, status = $status, permission_mode = $permission_mode, last_error = $last_error, " +
        "max_turns = $max_turns, run_owner = $run_owner, parked_at = $parked_at, waiting_since = $waiting_since WHERE id = $id;";

    public Task AddAsync(AgentTab tab, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tab);
        var now = database.TimeProvider.GetUtcNow();
        var stored = tab with
        {
            CreatedAt = tab.CreatedAt == default ? now : tab.CreatedAt,
            UpdatedAt = tab.UpdatedAt == default ? now : tab.UpdatedAt,
        };
        return database.WriteAsync(w => w.Execute(InsertSql, Parameters(stored)), c => Describe(c, stored), cancellationToken);
    }

    public Task<AgentTab?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            (connection, ct) => connection.QuerySingleOrDefaultAsync($"SELECT {Columns} FROM agent_tabs WHERE id = $id;", Map, ct, ("$id", id)),
            cancellationToken);

    public Task<IReadOnlyList<AgentTab>> ListAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            (connection, ct) => connection.QueryAsync(
                $"SELECT {Columns} FROM agent_tabs WHERE workspace_id = $workspace_id ORDER BY created_at, rowid;", Map, ct, ("$workspace_id", workspaceId)),
            cancellationToken);

    public async Task UpdateAsync(AgentTab tab, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tab);
        var stored = tab with { UpdatedAt = tab.UpdatedAt == default ? database.TimeProvider.GetUtcNow() : tab.UpdatedAt };
        var changed = await database.WriteAsync(w => w.Execute(UpdateSql, Parameters(stored)), c => Describe(c, stored), cancellationToken);
        if (changed == 0)
        {
            throw new GroveException(ErrorKind.NotFound, $"Agent tab '{tab.Id}' does not exist.");
        }
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        await database.WriteAsync(w => w.Execute("DELETE FROM agent_tabs WHERE id = $id;", ("$id", id)), null, cancellationToken) > 0;

    private static (string, object?)[] Parameters(AgentTab t) =>
    [
        ("$id", t.Id),
        ("$workspace_id", t.WorkspaceId),
        ("$name", t.Name),
        ("$agent_kind", t.AgentKind),
        ("$session_id", t.SessionId),
        ("$mode", Sql.Enum(t.Mode)),
        ("$model", t.Model),
        ("$created_at", Sql.Timestamp(t.CreatedAt)),
        ("$updated_at", Sql.Timestamp(t.UpdatedAt)),
        ("$status", Sql.SnakeEnum(t.Status)),
        ("$permission_mode", Sql.SnakeEnum(t.PermissionMode)),
        ("$last_error", t.LastError),
        ("$max_turns", t.MaxTurns),
        ("$run_owner", t.RunOwner),
        ("$parked_at", t.ParkedAt is { } parked ? Sql.Timestamp(parked) : null),
        ("$waiting_since", t.WaitingSince is { } since ? Sql.Timestamp(since) : null),
    ];

    private static string? Describe(SqliteConstraint constraint, AgentTab tab) => constraint switch
    {
        { Kind: SqliteConstraintKind.ForeignKey } => $"Workspace '{tab.WorkspaceId}' does not exist.",
        _ when constraint.Names("agent_tabs.id") => $"An agent tab with id '{tab.Id}' already exists.",
        _ => null,
    };

    private static AgentTab Map(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        WorkspaceId = r.GetString(1),
        Name = r.GetString(2),
        AgentKind = r.GetString(3),
        SessionId = r.GetNullableString(4),
        Mode = Sql.ParseEnum<AgentMode>(r.GetString(5)),
        Model = r.GetNullableString(6),
        CreatedAt = r.GetTimestamp(7),
        UpdatedAt = r.GetTimestamp(8),
        Status = Sql.ParseEnum<AgentTabStatus>(r.GetString(9)),
        PermissionMode = Sql.ParseEnum<PermissionMode>(r.GetString(10)),
        LastError = r.GetNullableString(11),
        MaxTurns = r.IsDBNull(12) ? null : r.GetInt32(12),
        RunOwner = r.GetNullableString(13),
        ParkedAt = r.GetNullableTimestamp(14),
        WaitingSince = r.GetNullableTimestamp(15),
    };
}
