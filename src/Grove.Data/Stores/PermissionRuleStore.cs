using Grove.Core.Agents;
using Microsoft.Data.Sqlite;

namespace Grove.Data.Stores;

internal sealed class PermissionRuleStore(GroveDatabase database) : IPermissionRuleStore
{
    private const string Columns = "id, project_id, workspace_id, tool_name, rule_content, behavior, created_at";

    public async Task<PermissionRule> AddAsync(PermissionRule rule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var stored = rule with { CreatedAt = rule.CreatedAt == default ? database.TimeProvider.GetUtcNow() : rule.CreatedAt };
        var id = await database.WriteAsync(
            w => w.Scalar<long>(
                "INSERT INTO permission_rules (project_id, workspace_id, tool_name, rule_content, behavior, created_at) " +
                "VALUES ($project_id, $workspace_id, $tool_name, $rule_content, $behavior, $created_at) RETURNING id;",
                ("$project_id", stored.ProjectId),
                ("$workspace_id", stored.WorkspaceId),
                ("$tool_name", stored.ToolName),
                ("$rule_content", stored.RuleContent),
                ("$behavior", stored.Allow ? "allow" : "deny"),
                ("$created_at", Sql.Timestamp(stored.CreatedAt))),
            null,
            cancellationToken);
        return stored with { Id = id };
    }

    public Task<IReadOnlyList<PermissionRule>> ListAsync(string projectId, string? workspaceId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            (connection, ct) => connection.QueryAsync(
                $"SELECT {Columns} FROM permission_rules WHERE project_id = $project_id AND (workspace_id IS NULL OR workspace_id = $workspace_id) ORDER BY id;",
                Map,
                ct,
                ("$project_id", projectId),
                ("$workspace_id", workspaceId)),
            cancellationToken);

    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken = default) =>
        await database.WriteAsync(w => w.Execute("DELETE FROM permission_rules WHERE id = $id;", ("$id", id)), null, cancellationToken) > 0;

    private static PermissionRule Map(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        ProjectId = r.GetString(1),
        WorkspaceId = r.GetNullableString(2),
        ToolName = r.GetString(3),
        RuleContent = r.GetNullableString(4),
        Allow = r.GetString(5) == "allow",
        CreatedAt = r.GetTimestamp(6),
    };
}
