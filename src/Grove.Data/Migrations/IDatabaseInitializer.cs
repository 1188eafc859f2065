namespace Grove.Data.Migrations;

/// <summary>The host calls this once at start-up, before any store is used.</summary>
public interface IDatabaseInitializer
{
    /// <summary>Creates or migrates the database (see <see cref="GroveDatabase.MigrateAsync"/>).</summary>
    Task<MigrationResult> InitializeAsync(CancellationToken cancellationToken = default);
}

internal sealed class DatabaseInitializer(GroveDatabase database) : IDatabaseInitializer
{
    public Task<MigrationResult> InitializeAsync(CancellationToken cancellationToken = default) =>
        database.MigrateAsync(cancellationToken);
}
