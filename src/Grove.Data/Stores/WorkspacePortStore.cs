using Grove.Core.Workspaces;
using Microsoft.Data.Sqlite;

namespace Grove.Data.Stores;

internal sealed class WorkspacePortStore(GroveDatabase database) : IWorkspacePortStore
{
    public Task<PortRange?> GetAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            (connection, ct) => connection.QuerySingleOrDefaultAsync(
                "SELECT first_port, port_count FROM workspace_ports WHERE workspace_id = $id;", Map, ct, ("$id", workspaceId)),
            cancellationToken);

    public Task<IReadOnlyList<PortRange>> ListAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            (connection, ct) => connection.QueryAsync("SELECT first_port, port_count FROM workspace_ports ORDER BY first_port;", Map, ct),
            cancellationToken);

    public async Task<bool> TryAddAsync(string workspaceId, PortRange range, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(range);
        return await database.WriteAsync(
            w => w.Execute(
                "INSERT INTO workspace_ports (workspace_id, first_port, port_count, allocated_at) " +
                "VALUES ($id, $first, $count, $at) ON CONFLICT DO NOTHING;",
                ("$id", workspaceId),
                ("$first", range.First),
                ("$count", range.Count),
                ("$at", Sql.Timestamp(database.TimeProvider.GetUtcNow()))),
            null,
            cancellationToken) > 0;
    }

    public async Task<bool> DeleteAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        await database.WriteAsync(w => w.Execute("DELETE FROM workspace_ports WHERE workspace_id = $id;", ("$id", workspaceId)), null, cancellationToken) > 0;

    private static PortRange Map(SqliteDataReader r) => new(r.GetInt32(0), r.GetInt32(1));
}
