using Grove.Core.Errors;
using Microsoft.Data.Sqlite;

namespace Grove.Data.Tests;

public sealed class ErrorTranslationTests
{
    private const string DbPath = "/data/grove.db";

    [Theory]
    [InlineData(19, 2067, "UNIQUE constraint failed: projects.path", ErrorKind.AlreadyExists)]
    [InlineData(19, 1555, "UNIQUE constraint failed: projects.id", ErrorKind.AlreadyExists)]
    [InlineData(19, 787, "FOREIGN KEY constraint failed", ErrorKind.NotFound)]
    [InlineData(19, 275, "CHECK constraint failed: mode", ErrorKind.InvalidInput)]
    [InlineData(19, 1299, "NOT NULL constraint failed: projects.name", ErrorKind.InvalidInput)]
    [InlineData(5, 5, "database is locked", ErrorKind.Timeout)]
    [InlineData(11, 11, "database disk image is malformed", ErrorKind.Storage)]
    [InlineData(26, 26, "file is not a database", ErrorKind.Storage)]
    [InlineData(10, 10, "disk I/O error", ErrorKind.Storage)]
    public void Sqlite_errors_map_to_one_kind_each(int code, int extended, string message, ErrorKind expected)
    {
        var error = SqliteErrors.Translate(new SqliteException($"SQLite Error {code}: '{message}'.", code, extended), DbPath);

        Assert.Equal(expected, error.Kind);
        Assert.IsType<SqliteException>(error.InnerException);
    }

    [Fact]
    public void Unique_failure_names_the_columns_and_uses_the_stores_description()
    {
        var ex = new SqliteException("SQLite Error 19: 'UNIQUE constraint failed: workspaces.project_id, workspaces.name'.", 19, 2067);

        var constraint = SqliteErrors.ParseConstraint(ex);
        var described = SqliteErrors.Translate(ex, DbPath, c => c.Names("workspaces.name") ? "Taken." : null);

        Assert.Equal(SqliteConstraintKind.Unique, constraint.Kind);
        Assert.Equal("workspaces.project_id, workspaces.name", constraint.Columns);
        Assert.Equal("Taken.", described.Message);
    }

    [Fact]
    public void Storage_errors_name_the_database_file()
    {
        var error = SqliteErrors.Translate(new SqliteException("SQLite Error 26: 'file is not a database'.", 26, 26), DbPath);

        Assert.Contains(DbPath, error.Message, StringComparison.Ordinal);
    }
}
