namespace Grove.Data.Migrations;

/// <summary>One numbered schema change: <c>0002_add_x.sql</c> is version 2, name "add_x".</summary>
internal sealed record Migration(int Version, string Name, string Sql)
{
    public override string ToString() => $"{Version:0000}_{Name}";
}

/// <summary>Where migrations come from: the embedded <c>Migrations/*.sql</c> files, or a test's own list.</summary>
internal interface IMigrationSource
{
    /// <summary>All migrations, any order; versions must be unique and positive.</summary>
    IReadOnlyList<Migration> GetMigrations();
}
