using System.Text.Json;
using Grove.Core.Account;
using Grove.Data.Stores;

namespace Grove.Services.Account;

/// <summary>The one signed-in account: its backend, tokens and the profile last read.</summary>
internal sealed record AccountSession(Uri ApiUrl, string AccessToken, string RefreshToken, DateTimeOffset ExpiresAt, AccountProfile? Profile);

/// <summary>
/// Keeps <see cref="AccountSession"/> as one JSON document in the encrypted credential store (never readable on
/// disk). The credential names start with <see cref="Prefix"/>; <see cref="DeleteAllAsync"/> removes every one.
/// </summary>
internal sealed class AccountSessionStore(ICredentialStore credentials)
{
    public const string Prefix = "account.";
    private const string SessionName = Prefix + "session";

    public async Task<AccountSession?> LoadAsync(CancellationToken cancellationToken)
    {
        var json = await credentials.GetAsync(SessionName, cancellationToken);
        return json is null ? null : JsonSerializer.Deserialize<AccountSession>(json);
    }

    public Task SaveAsync(AccountSession session, CancellationToken cancellationToken) =>
        credentials.SetAsync(SessionName, JsonSerializer.Serialize(session), cancellationToken);

    /// <summary>Deletes every account credential; true when there was one.</summary>
    public async Task<bool> DeleteAllAsync(CancellationToken cancellationToken)
    {
        var deleted = false;
        foreach (var name in await credentials.ListNamesAsync(cancellationToken))
        {
            if (name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                deleted |= await credentials.DeleteAsync(name, cancellationToken);
            }
        }

        return deleted;
    }
}
