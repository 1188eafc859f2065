using Grove.Core.Domain;
using Grove.Core.Errors;
using Microsoft.Data.Sqlite;

namespace Grove.Data.Stores;

internal sealed class WorkspaceStore(GroveDatabase database) : IWorkspaceStore
{
    private const string Columns =
        "id, project_id, name, mode, worktree_path, branch, base_branch, created_at, updated_at, archived_at, pr_url, pr_number, pr_state";

    private const string SelectColumns = Columns + ", pr_head_sha, pr_checked_at, pr_checks_passed, pr_checks_failed, pr_checks_pending";

    private const string SetPullRequestSql =
        "UPDATE workspaces SET pr_url = $pr_url, pr_number = $pr_number, pr_state = $pr_state, pr_head_sha = $pr_head_sha, " +
        "pr_checked_at = $pr_checked_at, pr_checks_passed = $passed, pr_checks_failed = $failed, pr_checks_pending = $pending WHERE id = $id;";

    private const string InsertSql =
        $"INSERT INTO workspaces ({Columns}) VALUES ($id, $project_id, $name, $mode, $worktree_path, $branch, $base_branch, " +
        "$created_at, $updated_at, $archived_at, $pr_url, $pr_number, $pr_state);";

    private const string UpdateSql =
        "UPDATE workspaces SET project_id = $project_id, name = $name, mode = $mode, worktree_path = $worktree_path, branch = $branch, " +
        "base_branch = $base_branch, updated_at = $updated_at, archived_at = $archived_at, pr_url = $pr_url, pr_number = $pr_number, " +
        "pr_state = $pr_state WHERE id = $id;";

    public Task AddAsync(Workspace workspace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var now = database.TimeProvider.GetUtcNow();
        var stored = workspace with
        {
            CreatedAt = workspace.CreatedAt == default ? now : workspace.CreatedAt,
            UpdatedAt = workspace.UpdatedAt == default ? now : workspace.UpdatedAt,
        };
        return database.WriteAsync(w => w.Execute(InsertSql, Parameters(stored)), c => Describe(c, stored), cancellationToken);
    }

    public Task<Workspace?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            (connection, ct) => connection.QuerySingleOrDefaultAsync(
                $"SELECT {SelectColumns} FROM workspaces WHERE id = $id;", Map, ct, ("$id", id)),
            cancellationToken);

    public Task<Workspace?> FindByNameAsync(string projectId, string name, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            (connection, ct) => connection.QuerySingleOrDefaultAsync(
                $"SELECT {SelectColumns} FROM workspaces WHERE project_id = $project_id AND name = $name;", Map, ct, ("$project_id", projectId), ("$name", name)),
            cancellationToken);

    public Task<IReadOnlyList<Workspace>> ListAsync(string? projectId = null, bool includeArchived = false, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            (connection, ct) => connection.QueryAsync(
                $"SELECT {SelectColumns} FROM workspaces " +
                "WHERE ($project_id IS NULL OR project_id = $project_id) AND ($all = 1 OR archived_at IS NULL) " +
                "ORDER BY created_at, name;",
                Map,
                ct,
                ("$project_id", projectId),
                ("$all", includeArchived ? 1 : 0)),
            cancellationToken);

    public async Task UpdateAsync(Workspace workspace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var stored = workspace with { UpdatedAt = workspace.UpdatedAt == default ? database.TimeProvider.GetUtcNow() : workspace.UpdatedAt };
        var changed = await database.WriteAsync(w => w.Execute(UpdateSql, Parameters(stored)), c => Describe(c, stored), cancellationToken);
        if (changed == 0)
        {
            throw new GroveException(ErrorKind.NotFound, $"Workspace '{workspace.Id}' does not exist.");
        }
    }

    public async Task SetPullRequestAsync(string id, WorkspacePullRequest? pullRequest, CancellationToken cancellationToken = default)
    {
        var changed = await database.WriteAsync(
            w => w.Execute(
                SetPullRequestSql,
                ("$id", id),
                ("$pr_url", pullRequest?.Url),
                ("$pr_number", pullRequest?.Number),
                ("$pr_state", pullRequest?.State),
                ("$pr_head_sha", pullRequest?.HeadSha),
                ("$pr_checked_at", pullRequest is null ? null : Sql.Timestamp(pullRequest.CheckedAt)),
                ("$passed", pullRequest?.Checks?.Passed),
                ("$failed", pullRequest?.Checks?.Failed),
                ("$pending", pullRequest?.Checks?.Pending)),
            null,
            cancellationToken);
        if (changed == 0)
        {
            throw new GroveException(ErrorKind.NotFound, $"Workspace '{id}' does not exist.");
        }
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        await database.WriteAsync(w => w.Execute("DELETE FROM workspaces WHERE id = $id;", ("$id", id)), null, cancellationToken) > 0;

    private static (string, object?)[] Parameters(Workspace w) =>
    [
        ("$id", w.Id),
        ("$project_id", w.ProjectId),
        ("$name", w.Name),
        ("$mode", Sql.Enum(w.Mode)),
        ("$worktree_path", w.WorktreePath),
        ("$branch", w.Branch),
        ("$base_branch", w.BaseBranch),
        ("$created_at", Sql.Timestamp(w.CreatedAt)),
        ("$updated_at", Sql.Timestamp(w.UpdatedAt)),
        ("$archived_at", w.ArchivedAt is { } archived ? Sql.Timestamp(archived) : null),
        ("$pr_url", w.PrUrl),
        ("$pr_number", w.PrNumber),
        ("$pr_state", w.PrState),
    ];

    private static string? Describe(SqliteConstraint constraint, Workspace workspace) => constraint switch
    {
        { Kind: SqliteConstraintKind.ForeignKey } => $"Project '{workspace.ProjectId}' does not exist.",
        _ when constraint.Names("workspaces.name") => $"The project already has a workspace named '{workspace.Name}'.",
        _ when constraint.Names("workspaces.id") => $"A workspace with id '{workspace.Id}' already exists.",
        _ => null,
    };

    private static Workspace Map(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        ProjectId = r.GetString(1),
        Name = r.GetString(2),
        Mode = Sql.ParseEnum<WorkspaceMode>(r.GetString(3)),
        WorktreePath = r.GetString(4),
        Branch = r.GetNullableString(5),
        BaseBranch = r.GetNullableString(6),
        CreatedAt = r.GetTimestamp(7),
        UpdatedAt = r.GetTimestamp(8),
        ArchivedAt = r.GetNullableTimestamp(9),
        PrUrl = r.GetNullableString(10),
        PrNumber = r.IsDBNull(11) ? null : r.GetInt32(11),
        PrState = r.GetNullableString(12),
        PrHeadSha = r.GetNullableString(13),
        PrCheckedAt = r.GetNullableTimestamp(14),
        PrChecks = r.IsDBNull(15) || r.IsDBNull(16) || r.IsDBNull(17) ? null : new PullRequestChecksCount(r.GetInt32(15), r.GetInt32(16), r.GetInt32(17)),
    };
}
