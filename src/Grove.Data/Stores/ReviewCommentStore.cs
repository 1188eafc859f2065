using Grove.Core.Review;
using Microsoft.Data.Sqlite;

namespace Grove.Data.Stores;

internal sealed class ReviewCommentStore(GroveDatabase database) : IReviewCommentStore
{
    private const string Columns = "id, workspace_id, path, start_line, end_line, side, quoted_code, body, created_at, updated_at, sent_at";

    public async Task<ReviewComment> AddAsync(ReviewComment comment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(comment);
        var now = database.TimeProvider.GetUtcNow();
        var stored = comment with
        {
            CreatedAt = comment.CreatedAt == default ? now : comment.CreatedAt,
            UpdatedAt = comment.UpdatedAt == default ? now : comment.UpdatedAt,
            Outdated = false,
        };
        await database.WriteAsync(
            w => w.Execute(
                $"INSERT INTO review_comments ({Columns}) VALUES ($id, $workspace_id, $path, $start_line, $end_line, $side, $quoted_code, $body, $created_at, $updated_at, $sent_at);",
                ("$id", stored.Id),
                ("$workspace_id", stored.WorkspaceId),
                ("$path", stored.Path),
                ("$start_line", stored.StartLine),
                ("$end_line", stored.EndLine),
                ("$side", Sql.Enum(stored.Side)),
                ("$quoted_code", stored.QuotedCode),
                ("$body", stored.Body),
                ("$created_at", Sql.Timestamp(stored.CreatedAt)),
                ("$updated_at", Sql.Timestamp(stored.UpdatedAt)),
                ("$sent_at", stored.SentAt is { } sent ? Sql.Timestamp(sent) : null)),
            c => c.Kind == SqliteConstraintKind.ForeignKey ? $"Workspace '{stored.WorkspaceId}' does not exist." : null,
            cancellationToken);
        return stored;
    }

    public Task<ReviewComment?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            (connection, ct) => connection.QuerySingleOrDefaultAsync($"SELECT {Columns} FROM review_comments WHERE id = $id;", Map, ct, ("$id", id)),
            cancellationToken);

    public Task<IReadOnlyList<ReviewComment>> ListAsync(string workspaceId, bool includeSent = false, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            (connection, ct) => connection.QueryAsync(
                $"SELECT {Columns} FROM review_comments WHERE workspace_id = $workspace_id {(includeSent ? string.Empty : "AND sent_at IS NULL ")}ORDER BY created_at, rowid;",
                Map,
                ct,
                ("$workspace_id", workspaceId)),
            cancellationToken);

    public async Task<bool> UpdateBodyAsync(string id, string body, CancellationToken cancellationToken = default) =>
        await database.WriteAsync(
            w => w.Execute(
                "UPDATE review_comments SET body = $body, updated_at = $updated_at WHERE id = $id AND sent_at IS NULL;",
                ("$id", id),
                ("$body", body),
                ("$updated_at", Sql.Timestamp(database.TimeProvider.GetUtcNow()))),
            null,
            cancellationToken) > 0;

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        await database.WriteAsync(w => w.Execute("DELETE FROM review_comments WHERE id = $id;", ("$id", id)), null, cancellationToken) > 0;

    public Task<int> MarkSentAsync(IReadOnlyCollection<string> ids, DateTimeOffset sentAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return Task.FromResult(0);
        }

        return database.WriteAsync(
            w =>
            {
                var changed = 0;
                foreach (var id in ids)
                {
                    changed += w.Execute(
                        "UPDATE review_comments SET sent_at = $sent_at WHERE id = $id AND sent_at IS NULL;",
                        ("$id", id),
                        ("$sent_at", Sql.Timestamp(sentAt)));
                }

                return changed;
            },
            null,
            cancellationToken);
    }

    private static ReviewComment Map(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        WorkspaceId = r.GetString(1),
        Path = r.GetString(2),
        StartLine = r.GetInt32(3),
        EndLine = r.GetInt32(4),
        Side = Sql.ParseEnum<ReviewSide>(r.GetString(5)),
        QuotedCode = r.GetString(6),
        Body = r.GetString(7),
        CreatedAt = r.GetTimestamp(8),
        UpdatedAt = r.GetTimestamp(9),
        SentAt = r.GetNullableTimestamp(10),
    };
}
