namespace Grove.Data.Migrations;

/// <summary>What start-up did to the schema.</summary>
/// <param name="FromVersion">Schema version found (0 for a new database).</param>
/// <param name="ToVersion">Schema version now.</param>
/// <param name="BackupPath">The copy taken before migrating an existing database, if one was needed.</param>
public sealed record MigrationResult(int FromVersion, int ToVersion, string? BackupPath)
{
    public bool Migrated => ToVersion != FromVersion;
}
