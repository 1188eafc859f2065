namespace Grove.Data;

internal enum SqliteConstraintKind
{
    Unique,
    ForeignKey,
    Check,
    NotNull,
    Other,
}

/// <summary>
/// A constraint failure reported by SQLite, e.g. Unique on <c>projects.path</c>. <see cref="Columns"/>
/// is what SQLite names after "constraint failed: " (for UNIQUE: "table.col[, table.col]").
/// </summary>
internal sealed record SqliteConstraint(SqliteConstraintKind Kind, string Columns)
{
    public bool Names(string tableDotColumn) => Columns.Contains(tableDotColumn, StringComparison.OrdinalIgnoreCase);
}
