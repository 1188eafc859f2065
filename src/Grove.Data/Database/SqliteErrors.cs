using Grove.Core.Errors;
using Microsoft.Data.Sqlite;

namespace Grove.Data;

/// <summary>The one place where SQLite errors become <see cref="GroveException"/>s.</summary>
internal static class SqliteErrors
{
    private const int Busy = 5;
    private const int Locked = 6;
    private const int Corrupt = 11;
    private const int Constraint = 19;
    private const int NotADatabase = 26;

    private const int ConstraintCheck = 275;
    private const int ConstraintForeignKey = 787;
    private const int ConstraintNotNull = 1299;
    private const int ConstraintPrimaryKey = 1555;
    private const int ConstraintUnique = 2067;

    public static bool IsConstraint(SqliteException ex) => ex.SqliteErrorCode == Constraint;

    public static GroveException Translate(SqliteException ex, string databasePath, Func<SqliteConstraint, string?>? describeConflict = null)
    {
        if (IsConstraint(ex))
        {
            var constraint = ParseConstraint(ex);
            var message = describeConflict?.Invoke(constraint);
            return constraint.Kind switch
            {
                SqliteConstraintKind.Unique => new GroveException(
                    ErrorKind.AlreadyExists, message ?? $"Something with the same {constraint.Columns} already exists.", ex),
                SqliteConstraintKind.ForeignKey => new GroveException(
                    ErrorKind.NotFound, message ?? "The record it belongs to does not exist.", ex),
                _ => new GroveException(
                    ErrorKind.InvalidInput, message ?? $"Invalid value for {constraint.Columns}.", ex),
            };
        }

        return ex.SqliteErrorCode switch
        {
            Busy or Locked => new GroveException(
                ErrorKind.Timeout, $"The database '{databasePath}' stayed locked by another connection for longer than {GroveDatabase.BusyTimeout.TotalSeconds:0} s.", ex),
            Corrupt or NotADatabase => new GroveException(
                ErrorKind.Storage, $"The database '{databasePath}' is damaged or is not a SQLite database: {ex.Message}", ex),
            _ => new GroveException(ErrorKind.Storage, $"Database error in '{databasePath}': {ex.Message}", ex),
        };
    }

    internal static SqliteConstraint ParseConstraint(SqliteException ex)
    {
        var kind = ex.SqliteExtendedErrorCode switch
        {
            ConstraintUnique or ConstraintPrimaryKey => SqliteConstraintKind.Unique,
            ConstraintForeignKey => SqliteConstraintKind.ForeignKey,
            ConstraintCheck => SqliteConstraintKind.Check,
            ConstraintNotNull => SqliteConstraintKind.NotNull,
            _ => SqliteConstraintKind.Other,
        };

        const string Marker = "constraint failed: ";
        var message = ex.Message;
        var start = message.IndexOf(Marker, StringComparison.OrdinalIgnoreCase);
        if (start < 0)
        {
            return new SqliteConstraint(kind, string.Empty);
        }

        start += Marker.Length;
        var end = message.IndexOf('\'', start);
        var columns = end < 0 ? message[start..] : message[start..end];
        return new SqliteConstraint(kind, columns.Trim());
    }
}
