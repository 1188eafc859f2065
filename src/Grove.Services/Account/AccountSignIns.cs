using System.Collections.Concurrent;
using Grove.Core.Errors;
using Grove.Integrations.Mcp.OAuth;

namespace Grove.Services.Account;

/// <summary>A sign-in Grove started: its PKCE verifier, the redirect it asked for and when it lapses.</summary>
internal sealed record PendingAccountSignIn(Uri ApiUrl, string State, string CodeVerifier, Uri RedirectUri, DateTimeOffset ExpiresAt);

/// <summary>
/// The sign-ins waiting for the browser, by their random <c>state</c>: each one can be taken once, within
/// <see cref="Lifetime"/> (on the injected clock). Kept in memory only: a restart forgets them.
/// </summary>
internal sealed class AccountSignIns(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, PendingAccountSignIn> _pending = new(StringComparer.Ordinal);

    public PendingAccountSignIn Begin(Uri apiUrl, Uri redirectUri)
    {
        var now = time.GetUtcNow();
        foreach (var (state, old) in _pending)
        {
            if (old.ExpiresAt <= now)
            {
                _pending.TryRemove(state, out _);
            }
        }

        var pending = new PendingAccountSignIn(apiUrl, McpOAuthPkce.NewState(), McpOAuthPkce.NewVerifier(), redirectUri, now + Lifetime);
        _pending[pending.State] = pending;
        return pending;
    }

    /// <summary>The sign-in with this state, removed so it cannot be used again; refused when missing, unknown or expired.</summary>
    public PendingAccountSignIn Take(string? state)
    {
        if (string.IsNullOrEmpty(state))
        {
            throw new GroveException(ErrorKind.SecurityViolation, "The sign-in link has no state; start the sign-in again from Grove.");
        }

        if (!_pending.TryRemove(state, out var pending))
        {
            throw new GroveException(ErrorKind.SecurityViolation, "This sign-in link is not one Grove is waiting for (unknown or already used state); start the sign-in again from Grove.");
        }

        return pending.ExpiresAt > time.GetUtcNow()
            ? pending
            : throw new GroveException(ErrorKind.SecurityViolation, $"This sign-in link expired ({Lifetime.TotalMinutes:0} minutes); start the sign-in again from Grove.");
    }

    public void Clear() => _pending.Clear();
}
