using Grove.Core.Security;

namespace Grove.Data.Stores;

/// <summary>Secrets go through <see cref="ISecretProtector"/> before they reach SQL; only ciphertext is stored.</summary>
internal sealed class CredentialStore(GroveDatabase database, ISecretProtector protector) : ICredentialStore
{
    private const string UpsertSql =
        "INSERT INTO credentials (name, ciphertext, created_at, updated_at) VALUES ($name, $ciphertext, $now, $now) " +
        "ON CONFLICT (name) DO UPDATE SET ciphertext = excluded.ciphertext, updated_at = excluded.updated_at;";

    public Task SetAsync(string name, string secret, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(secret);
        var ciphertext = protector.Protect(secret);
        var now = Sql.Timestamp(database.TimeProvider.GetUtcNow());
        return database.WriteAsync(
            w => w.Execute(UpsertSql, ("$name", name), ("$ciphertext", ciphertext), ("$now", now)),
            null,
            cancellationToken);
    }

    /// <summary>The decrypted secret, or null when absent. Unreadable ciphertext throws (Storage) from the protector.</summary>
    public async Task<string?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var ciphertext = await database.ReadAsync(
            (connection, ct) => connection.QuerySingleOrDefaultAsync(
                "SELECT ciphertext FROM credentials WHERE name = $name;", r => r.GetString(0), ct, ("$name", name)),
            cancellationToken);
        return ciphertext is null ? null : protector.Unprotect(ciphertext);
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        await database.WriteAsync(w => w.Execute("DELETE FROM credentials WHERE name = $name;", ("$name", name)), null, cancellationToken) > 0;

    public Task<IReadOnlyList<string>> ListNamesAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            (connection, ct) => connection.QueryAsync("SELECT name FROM credentials ORDER BY name;", r => r.GetString(0), ct),
            cancellationToken);
}
