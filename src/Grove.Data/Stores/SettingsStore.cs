namespace Grove.Data.Stores;

internal sealed class SettingsStore(GroveDatabase database) : ISettingsStore
{
    private const string UpsertSql =
        "INSERT INTO settings (key, value, updated_at) VALUES ($key, $value, $updated_at) " +
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at;";

    public Task<string?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return database.ReadAsync(
            (connection, ct) => connection.QuerySingleOrDefaultAsync(
                "SELECT value FROM settings WHERE key = $key;", r => r.GetString(0), ct, ("$key", key)),
            cancellationToken);
    }

    /// <summary>Stores <paramref name="value"/>; null removes the key.</summary>
    public Task SetAsync(string key, string? value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var now = Sql.Timestamp(database.TimeProvider.GetUtcNow());
        return database.WriteAsync(
            w => value is null
                ? w.Execute("DELETE FROM settings WHERE key = $key;", ("$key", key))
                : w.Execute(UpsertSql, ("$key", key), ("$value", value), ("$updated_at", now)),
            null,
            cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, string>> ListAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyDictionary<string, string>>(
            async (connection, ct) =>
            {
                var rows = await connection.QueryAsync("SELECT key, value FROM settings ORDER BY key;", r => (r.GetString(0), r.GetString(1)), ct);
                return rows.ToDictionary(row => row.Item1, row => row.Item2, StringComparer.Ordinal);
            },
            cancellationToken);
}
