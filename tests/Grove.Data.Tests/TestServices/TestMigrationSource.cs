using Grove.Data.Migrations;

namespace Grove.Data.Tests.TestServices;

/// <summary>The real embedded migrations, optionally cut short or followed by test-only ones.</summary>
internal sealed class TestMigrationSource(IEnumerable<Migration> migrations) : IMigrationSource
{
    private readonly IReadOnlyList<Migration> _migrations = [.. migrations];

    public IReadOnlyList<Migration> GetMigrations() => _migrations;

    public static TestMigrationSource Embedded() => new(EmbeddedMigrationSource.Instance.GetMigrations());

    public static TestMigrationSource EmbeddedPlus(params Migration[] extra) =>
        new(EmbeddedMigrationSource.Instance.GetMigrations().Concat(extra));

    public static int LatestEmbeddedVersion => EmbeddedMigrationSource.Instance.GetMigrations().Max(m => m.Version);
}
