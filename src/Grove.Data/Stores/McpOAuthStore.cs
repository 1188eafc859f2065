using System.Text.Json;
using Grove.Core.Security;

namespace Grove.Data.Stores;

/// <summary>
/// OAuth sign-ins to MCP servers. The tokens and the client registration are serialized to one JSON
/// document and go through <see cref="ISecretProtector"/> before they reach SQL; only the state,
/// the expiry and the scopes are stored readable.
/// </summary>
internal sealed class McpOAuthStore(GroveDatabase database, ISecretProtector protector) : IMcpOAuthStore
{
    private const string UpsertSql =
        "INSERT INTO mcp_oauth (server_url, state, expires_at, scopes, ciphertext, created_at, updated_at) " +
        "VALUES ($url, $state, $expires, $scopes, $ciphertext, $now, $now) " +
        "ON CONFLICT (server_url) DO UPDATE SET state = excluded.state, expires_at = excluded.expires_at, " +
        "scopes = excluded.scopes, ciphertext = excluded.ciphertext, updated_at = excluded.updated_at;";

    public Task SaveAsync(McpOAuthRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrWhiteSpace(record.ServerUrl);
        var secrets = new Secrets(record.AccessToken, record.RefreshToken, record.ClientId, record.ClientSecret, record.RedirectUri, record.TokenEndpoint, record.Resource);
        var ciphertext = protector.Protect(JsonSerializer.Serialize(secrets));
        var now = Sql.Timestamp(database.TimeProvider.GetUtcNow());
        return database.WriteAsync(
            w => w.Execute(
                UpsertSql,
                ("$url", record.ServerUrl),
                ("$state", record.NeedsSignIn ? "needs_sign_in" : "signed_in"),
                ("$expires", record.ExpiresAt is { } expires ? Sql.Timestamp(expires) : null),
                ("$scopes", record.Scopes),
                ("$ciphertext", ciphertext),
                ("$now", now)),
            null,
            cancellationToken);
    }

    public async Task<McpOAuthRecord?> GetAsync(string serverUrl, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serverUrl);
        var row = await database.ReadAsync(
            (connection, ct) => connection.QuerySingleOrDefaultAsync(
                "SELECT state, expires_at, scopes, ciphertext FROM mcp_oauth WHERE server_url = $url;",
                r => new Row(r.GetString(0) == "needs_sign_in", r.GetNullableTimestamp(1), r.GetNullableString(2), r.GetString(3)),
                ct,
                ("$url", serverUrl)),
            cancellationToken);
        if (row is null)
        {
            return null;
        }

        var secrets = JsonSerializer.Deserialize<Secrets>(protector.Unprotect(row.Ciphertext))
            ?? throw new InvalidDataException("Empty MCP sign-in record.");
        return new McpOAuthRecord(
            serverUrl,
            row.NeedsSignIn,
            secrets.AccessToken,
            secrets.RefreshToken,
            row.ExpiresAt,
            row.Scopes,
            secrets.ClientId,
            secrets.ClientSecret,
            secrets.RedirectUri,
            secrets.TokenEndpoint,
            secrets.Resource);
    }

    public async Task<bool> MarkNeedsSignInAsync(string serverUrl, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serverUrl);
        var now = Sql.Timestamp(database.TimeProvider.GetUtcNow());
        return await database.WriteAsync(
            w => w.Execute("UPDATE mcp_oauth SET state = 'needs_sign_in', updated_at = $now WHERE server_url = $url;", ("$url", serverUrl), ("$now", now)),
            null,
            cancellationToken) > 0;
    }

    public async Task<bool> DeleteAsync(string serverUrl, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serverUrl);
        return await database.WriteAsync(w => w.Execute("DELETE FROM mcp_oauth WHERE server_url = $url;", ("$url", serverUrl)), null, cancellationToken) > 0;
    }

    private sealed record Row(bool NeedsSignIn, DateTimeOffset? ExpiresAt, string? Scopes, string Ciphertext);

    private sealed record Secrets(string AccessToken, string? RefreshToken, string ClientId, string? ClientSecret, string RedirectUri, string TokenEndpoint, string Resource);
}
