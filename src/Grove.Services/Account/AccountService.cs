using Grove.Core.Account;
using Grove.Core.Errors;
using Grove.Integrations.Account;
using Grove.Integrations.Mcp.OAuth;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Account;

/// <summary><see cref="IAccount"/>: sign-in with state + PKCE, profile, plan and sign-out over <see cref="AccountSessions"/>.</summary>
internal sealed partial class AccountService(
    AccountSessions sessions,
    AccountSignIns signIns,
    AccountPlanCache plans,
    IAccountClient client,
    Analytics.IAnalytics analytics,
    ILogger<AccountService> logger) : IAccount
{
    public event Action? Changed
    {
        add => sessions.Changed += value;
        remove => sessions.Changed -= value;
    }

    public async Task<AccountStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var url = await sessions.ApiUrlAsync(cancellationToken);
        var notice = sessions.PeekNotice();
        if (url is null)
        {
            return new AccountStatus(AccountState.NotConfigured, null, null, null, AccountApiUrl.HowToConfigure, notice);
        }

        var session = await sessions.StoredAsync(cancellationToken);
        return session is null
            ? new AccountStatus(AccountState.SignedOut, url, null, null, $"Sign in to {url.Authority} with `grove account login` or Settings → Account.", notice)
            : new AccountStatus(AccountState.SignedIn, url, session.Profile, session.ExpiresAt, "Signed in; the session renews itself. `grove account logout` signs out.", notice);
    }

    public async Task<AccountSignInStarted> BeginSignInAsync(Uri redirectUri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(redirectUri);
        var url = await sessions.ApiUrlAsync(cancellationToken) ?? throw new GroveException(ErrorKind.InvalidInput, AccountApiUrl.HowToConfigure);
        var pending = signIns.Begin(url, redirectUri);
        LogStarted(logger, url.Authority);
        return new AccountSignInStarted(client.SignInPage(url, pending.State, McpOAuthPkce.Challenge(pending.CodeVerifier), redirectUri), redirectUri, pending.ExpiresAt);
    }

    public async Task<AccountStatus> CompleteSignInAsync(string? code, string? state, CancellationToken cancellationToken = default)
    {
        var pending = signIns.Take(state);
        if (string.IsNullOrWhiteSpace(code))
        {
            throw new GroveException(ErrorKind.InvalidInput, "The sign-in link carried no code; start the sign-in again from Grove.");
        }

        var url = await sessions.ApiUrlAsync(cancellationToken);
        if (url != pending.ApiUrl)
        {
            throw new GroveException(ErrorKind.Conflict, $"The account backend changed since this sign-in started ({pending.ApiUrl.Authority}); start it again.");
        }

        var grant = await client.ExchangeAsync(pending.ApiUrl, code.Trim(), pending.CodeVerifier, pending.RedirectUri, cancellationToken);
        var profile = grant.User is { } user ? AccountSessions.ToProfile(user) : null;
        await sessions.SignOutAsync(null, cancellationToken);
        await sessions.SaveAsync(new AccountSession(pending.ApiUrl, grant.AccessToken, grant.RefreshToken, grant.ExpiresAt, profile), cancellationToken);
        if (profile is null)
        {
            await TryReadProfileAsync(cancellationToken);
        }

        LogSignedIn(logger, pending.ApiUrl.Authority);
        // No property of the account itself: the event carries only the plan and connection method every event has.
        analytics.Track(Analytics.AnalyticsEvents.SignedIn);
        return await GetStatusAsync(cancellationToken);
    }

    public Task<AccountProfile> GetProfileAsync(CancellationToken cancellationToken = default) =>
        WithSessionAsync(async session =>
        {
            var profile = AccountSessions.ToProfile(await client.GetProfileAsync(session.ApiUrl, session.AccessToken, cancellationToken));
            await RememberAsync(session, profile, cancellationToken);
            return profile;
        }, cancellationToken);

    public Task<AccountProfile> UpdateProfileAsync(string name, CancellationToken cancellationToken = default)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > 100 || trimmed.Any(char.IsControl))
        {
            throw new GroveException(ErrorKind.InvalidInput, "The name must be 1 to 100 characters on one line.");
        }

        return WithSessionAsync(async session =>
        {
            var profile = AccountSessions.ToProfile(await client.UpdateProfileAsync(session.ApiUrl, session.AccessToken, trimmed, cancellationToken));
            await RememberAsync(session, profile, cancellationToken);
            return profile;
        }, cancellationToken);
    }

    public Task<AccountPlan> GetPlanAsync(CancellationToken cancellationToken = default) =>
        WithSessionAsync(session => plans.GetAsync(session, cancellationToken), cancellationToken);

    public async Task<bool> LogoutAsync(CancellationToken cancellationToken = default)
    {
        signIns.Clear();
        var deleted = await sessions.SignOutAsync(null, cancellationToken);
        LogSignedOut(logger);
        return deleted;
    }

    public string? TakeNotice() => sessions.TakeNotice();

    private async Task TryReadProfileAsync(CancellationToken cancellationToken)
    {
        try
        {
            await GetProfileAsync(cancellationToken);
        }
        catch (GroveException e) when (e is not AccountTokenRefusedException)
        {
            // The sign-in stands; the profile is read again when it is shown.
        }
    }

    private async Task RememberAsync(AccountSession session, AccountProfile profile, CancellationToken cancellationToken)
    {
        if (session.Profile != profile && await sessions.StoredAsync(cancellationToken) is { } current && current.AccessToken == session.AccessToken)
        {
            await sessions.SaveAsync(current with { Profile = profile }, cancellationToken);
        }
    }

    /// <summary>Runs a backend call with a fresh token; a token the backend refuses ends the session (with the notice).</summary>
    private async Task<T> WithSessionAsync<T>(Func<AccountSession, Task<T>> call, CancellationToken cancellationToken)
    {
        var session = await sessions.FreshAsync(cancellationToken) ?? throw await NotSignedInAsync(cancellationToken);
        try
        {
            return await call(session);
        }
        catch (AccountTokenRefusedException e)
        {
            await sessions.SignOutAsync($"You were signed out of your Grove account: {session.ApiUrl.Authority} no longer accepts the session. Sign in again.", CancellationToken.None);
            throw new GroveException(ErrorKind.AuthRequired, e.Message, e);
        }
    }

    private async Task<GroveException> NotSignedInAsync(CancellationToken cancellationToken) =>
        await sessions.ApiUrlAsync(cancellationToken) is null
            ? new GroveException(ErrorKind.InvalidInput, AccountApiUrl.HowToConfigure)
            : new GroveException(ErrorKind.AuthRequired, sessions.PeekNotice() ?? "Not signed in; sign in with `grove account login` or Settings → Account.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Account sign-in to {Host} started")]
    private static partial void LogStarted(ILogger logger, string host);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account signed in at {Host}")]
    private static partial void LogSignedIn(ILogger logger, string host);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account signed out")]
    private static partial void LogSignedOut(ILogger logger);
}
