using Grove.Core.Domain;
using Grove.Core.Errors;
using Microsoft.Data.Sqlite;

namespace Grove.Data.Stores;

internal sealed class ProjectStore(GroveDatabase database) : IProjectStore
{
    private const string Columns =
        "id, name, path, is_git_repo, git_remote_url, provider, owner, repo, default_branch, created_at, updated_at";

    private const string InsertSql =
        $"INSERT INTO projects ({Columns}) VALUES ($id, $name, $path, $is_git_repo, $git_remote_url, $provider, $owner, $repo, $default_branch, $created_at, $updated_at);";

    private const string UpdateSql =
        "UPDATE projects SET name = $name, path = $path, is_git_repo = $is_git_repo, git_remote_url = $git_remote_url, provider = $provider, " +
        "owner = $owner, repo = $repo, default_branch = $default_branch, updated_at = $updated_at WHERE id = $id;";

    public Task AddAsync(Project project, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        var now = database.TimeProvider.GetUtcNow();
        var stored = project with
        {
            CreatedAt = project.CreatedAt == default ? now : project.CreatedAt,
            UpdatedAt = project.UpdatedAt == default ? now : project.UpdatedAt,
        };
        return database.WriteAsync(
            w => w.Execute(InsertSql, Parameters(stored)),
            c => Describe(c, stored),
            cancellationToken);
    }

    public Task<Project?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        FindAsync("id = $value", id, cancellationToken);

    public Task<Project?> FindByPathAsync(string path, CancellationToken cancellationToken = default) =>
        FindAsync("path = $value", path, cancellationToken);

    public Task<Project?> FindByNameAsync(string name, CancellationToken cancellationToken = default) =>
        FindAsync("name = $value", name, cancellationToken);

    public Task<IReadOnlyList<Project>> ListAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            (connection, ct) => connection.QueryAsync($"SELECT {Columns} FROM projects ORDER BY name;", Map, ct),
            cancellationToken);

    public async Task UpdateAsync(Project project, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        var stored = project with { UpdatedAt = project.UpdatedAt == default ? database.TimeProvider.GetUtcNow() : project.UpdatedAt };
        var changed = await database.WriteAsync(
            w => w.Execute(UpdateSql, Parameters(stored)),
            c => Describe(c, stored),
            cancellationToken);
        if (changed == 0)
        {
            throw new GroveException(ErrorKind.NotFound, $"Project '{project.Id}' does not exist.");
        }
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        await database.WriteAsync(w => w.Execute("DELETE FROM projects WHERE id = $id;", ("$id", id)), null, cancellationToken) > 0;

    private Task<Project?> FindAsync(string where, string value, CancellationToken cancellationToken) =>
        database.ReadAsync(
            (connection, ct) => connection.QuerySingleOrDefaultAsync($"SELECT {Columns} FROM projects WHERE {where};", Map, ct, ("$value", value)),
            cancellationToken);

    private static (string, object?)[] Parameters(Project p) =>
    [
        ("$id", p.Id),
        ("$name", p.Name),
        ("$path", p.Path),
        ("$is_git_repo", p.IsGitRepo ? 1 : 0),
        ("$git_remote_url", p.GitRemoteUrl),
        ("$provider", p.Provider is { } provider ? Sql.Enum(provider) : null),
        ("$owner", p.Owner),
        ("$repo", p.Repo),
        ("$default_branch", p.DefaultBranch),
        ("$created_at", Sql.Timestamp(p.CreatedAt)),
        ("$updated_at", Sql.Timestamp(p.UpdatedAt)),
    ];

    private static string? Describe(SqliteConstraint constraint, Project project) => constraint switch
    {
        _ when constraint.Names("projects.path") => $"A project with path '{project.Path}' already exists.",
        _ when constraint.Names("projects.name") => $"A project named '{project.Name}' already exists.",
        _ when constraint.Names("projects.id") => $"A project with id '{project.Id}' already exists.",
        _ => null,
    };

    private static Project Map(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        Name = r.GetString(1),
        Path = r.GetString(2),
        IsGitRepo = r.GetInt64(3) != 0,
        GitRemoteUrl = r.GetNullableString(4),
        Provider = r.IsDBNull(5) ? null : Sql.ParseEnum<GitProvider>(r.GetString(5)),
        Owner = r.GetNullableString(6),
        Repo = r.GetNullableString(7),
        DefaultBranch = r.GetNullableString(8),
        CreatedAt = r.GetTimestamp(9),
        UpdatedAt = r.GetTimestamp(10),
    };
}
