using Grove.Core.Account;
using Grove.Integrations.Account;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Account;

/// <summary>
/// The signed-in session and its lifetime: read for the configured backend, refreshed (one at a time)
/// <see cref="RefreshMargin"/> before it expires, replaced at sign-in, and deleted at sign-out. A refresh the
/// backend refuses signs out and leaves one notice. Tokens are never logged.
/// </summary>
internal sealed partial class AccountSessions(
    AccountApiUrl apiUrl,
    AccountSessionStore store,
    IAccountClient client,
    TimeProvider time,
    ILogger<AccountSessions> logger) : IDisposable
{
    /// <summary>How long before expiry a token is renewed.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private string? _notice;

    /// <summary>Raised after every change of the stored session (sign-in, refresh, profile, sign-out).</summary>
    public event Action? Changed;

    /// <summary>Raised before the session is deleted (caches clear themselves).</summary>
    public event Action? SigningOut;

    public Task<Uri?> ApiUrlAsync(CancellationToken cancellationToken) => apiUrl.GetAsync(cancellationToken);

    /// <summary>The stored session when it belongs to the configured backend; nothing is contacted.</summary>
    public async Task<AccountSession?> StoredAsync(CancellationToken cancellationToken)
    {
        var url = await apiUrl.GetAsync(cancellationToken);
        if (url is null)
        {
            return null;
        }

        var session = await store.LoadAsync(cancellationToken);
        return session is not null && session.ApiUrl == url ? session : null;
    }

    /// <summary>
    /// The session with a token valid for at least <see cref="RefreshMargin"/>, refreshed first when needed; null when
    /// signed out (or signed out now because the refresh was refused). A backend that cannot be reached keeps the old
    /// token while it is still valid.
    /// </summary>
    public async Task<AccountSession?> FreshAsync(CancellationToken cancellationToken)
    {
        var session = await StoredAsync(cancellationToken);
        if (session is null || !NeedsRefresh(session))
        {
            return session;
        }

        try
        {
            return await RefreshAsync(cancellationToken);
        }
        catch (Core.Errors.GroveException e) when (e is not AccountTokenRefusedException && session.ExpiresAt > time.GetUtcNow())
        {
            LogRefreshFailed(logger, session.ApiUrl.Authority, e.Message);
            return session;
        }
    }

    public bool NeedsRefresh(AccountSession session) => session.ExpiresAt - RefreshMargin <= time.GetUtcNow();

    /// <summary>Renews the tokens now (unless another caller just did). A refusal signs out with a notice and returns null.</summary>
    public async Task<AccountSession?> RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshLock.WaitAsync(cancellationToken);
        try
        {
            var session = await StoredAsync(cancellationToken);
            if (session is null || !NeedsRefresh(session))
            {
                return session;
            }

            AccountTokenGrant grant;
            try
            {
                grant = await client.RefreshAsync(session.ApiUrl, session.RefreshToken, cancellationToken);
            }
            catch (AccountTokenRefusedException e)
            {
                LogRefreshRefused(logger, session.ApiUrl.Authority, e.Message);
                await SignOutAsync(
                    $"You were signed out of your Grove account: {session.ApiUrl.Authority} refused to renew the session. Sign in again to use account features.",
                    cancellationToken);
                return null;
            }

            var renewed = session with
            {
                AccessToken = grant.AccessToken,
                RefreshToken = grant.RefreshToken,
                ExpiresAt = grant.ExpiresAt,
                Profile = grant.User is { } user ? ToProfile(user) : session.Profile,
            };
            await store.SaveAsync(renewed, cancellationToken);
            LogRefreshed(logger, session.ApiUrl.Authority, grant.ExpiresAt);
            Changed?.Invoke();
            return renewed;
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    /// <summary>Stores a new session (replacing any other account).</summary>
    public async Task SaveAsync(AccountSession session, CancellationToken cancellationToken)
    {
        await store.SaveAsync(session, cancellationToken);
        _notice = null;
        Changed?.Invoke();
    }

    /// <summary>Deletes every account credential; <paramref name="notice"/> is kept for the UI to show once.</summary>
    public async Task<bool> SignOutAsync(string? notice, CancellationToken cancellationToken)
    {
        SigningOut?.Invoke();
        var deleted = await store.DeleteAllAsync(cancellationToken);
        _notice = notice;
        Changed?.Invoke();
        return deleted;
    }

    public void Dispose() => _refreshLock.Dispose();

    public string? PeekNotice() => _notice;

    public string? TakeNotice() => Interlocked.Exchange(ref _notice, null);

    public static AccountProfile ToProfile(AccountUser user) => new(user.Id, user.Email, user.Name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account session at {Host} renewed (valid until {ExpiresAt:u})")]
    private static partial void LogRefreshed(ILogger logger, string host, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account session renewal at {Host} refused; signed out: {Error}")]
    private static partial void LogRefreshRefused(ILogger logger, string host, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account session renewal at {Host} failed; will retry: {Error}")]
    private static partial void LogRefreshFailed(ILogger logger, string host, string error);
}
