using Microsoft.Data.Sqlite;

namespace Grove.Data.Stores;

/// <summary>Grove's own MCP state: enable switches per project / workspace, and approvals of a project's <c>.mcp.json</c>.</summary>
public interface IMcpStateStore
{
    /// <summary>The switches of a project (workspace id "") and of <paramref name="workspaceId"/> when given.</summary>
    Task<IReadOnlyList<McpSwitch>> ListSwitchesAsync(string projectId, string? workspaceId, CancellationToken cancellationToken = default);

    /// <summary>Sets the switch; null removes it (back to the default: enabled, or the project's switch).</summary>
    Task SetSwitchAsync(string projectId, string? workspaceId, string serverName, bool? enabled, CancellationToken cancellationToken = default);

    Task<McpTrustRecord?> GetTrustAsync(string projectId, CancellationToken cancellationToken = default);

    Task SetTrustAsync(McpTrustRecord trust, CancellationToken cancellationToken = default);
}

/// <summary>An enable switch: <see cref="WorkspaceId"/> null for the project's own.</summary>
public sealed record McpSwitch(string ProjectId, string? WorkspaceId, string ServerName, bool Enabled);

/// <summary>What the user approved: the hash of the <c>.mcp.json</c> definitions, and their names.</summary>
public sealed record McpTrustRecord(string ProjectId, string ServersHash, IReadOnlyList<string> ServerNames, DateTimeOffset ApprovedAt);

internal sealed class McpStateStore(GroveDatabase database) : IMcpStateStore
{
    public Task<IReadOnlyList<McpSwitch>> ListSwitchesAsync(string projectId, string? workspaceId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            (connection, ct) => connection.QueryAsync(
                "SELECT project_id, workspace_id, server_name, enabled FROM mcp_server_switches " +
                "WHERE project_id = $project_id AND (workspace_id = '' OR workspace_id = $workspace_id) ORDER BY server_name, workspace_id;",
                r => new McpSwitch(r.GetString(0), r.GetString(1) is { Length: > 0 } w ? w : null, r.GetString(2), r.GetInt64(3) == 1),
                ct,
                ("$project_id", projectId),
                ("$workspace_id", workspaceId ?? "")),
            cancellationToken);

    public Task SetSwitchAsync(string projectId, string? workspaceId, string serverName, bool? enabled, CancellationToken cancellationToken = default)
    {
        var now = Sql.Timestamp(database.TimeProvider.GetUtcNow());
        return database.WriteAsync(
            w => enabled is null
                ? w.Execute(
                    "DELETE FROM mcp_server_switches WHERE project_id = $p AND workspace_id = $w AND server_name = $n;",
                    ("$p", projectId), ("$w", workspaceId ?? ""), ("$n", serverName))
                : w.Execute(
                    "INSERT INTO mcp_server_switches (project_id, workspace_id, server_name, enabled, updated_at) VALUES ($p, $w, $n, $e, $t) " +
                    "ON CONFLICT (project_id, workspace_id, server_name) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at;",
                    ("$p", projectId), ("$w", workspaceId ?? ""), ("$n", serverName), ("$e", enabled.Value ? 1 : 0), ("$t", now)),
            null,
            cancellationToken);
    }

    public Task<McpTrustRecord?> GetTrustAsync(string projectId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            (connection, ct) => connection.QuerySingleOrDefaultAsync(
                "SELECT project_id, servers_hash, server_names, approved_at FROM mcp_trust WHERE project_id = $p;",
                Map,
                ct,
                ("$p", projectId)),
            cancellationToken);

    public Task SetTrustAsync(McpTrustRecord trust, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trust);
        return database.WriteAsync(
            w => w.Execute(
                "INSERT INTO mcp_trust (project_id, servers_hash, server_names, approved_at) VALUES ($p, $h, $n, $t) " +
                "ON CONFLICT (project_id) DO UPDATE SET servers_hash = excluded.servers_hash, server_names = excluded.server_names, approved_at = excluded.approved_at;",
                ("$p", trust.ProjectId), ("$h", trust.ServersHash), ("$n", string.Join('\n', trust.ServerNames)), ("$t", Sql.Timestamp(trust.ApprovedAt))),
            null,
            cancellationToken);
    }

    private static McpTrustRecord Map(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2).Split('\n', StringSplitOptions.RemoveEmptyEntries), r.GetTimestamp(3));
}
