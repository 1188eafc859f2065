using Grove.Core.Account;

namespace Grove.Services.Account;

/// <summary>
/// Grove's optional account on the seed's backend (<c>account.api_url</c> or <c>GROVE_API_URL</c>; unset, nothing is
/// contacted). One account at a time; tokens are kept encrypted in the secret store and refreshed 5 minutes before
/// they expire; a refused refresh signs out with a one-time notice.
/// </summary>
public interface IAccount
{
    /// <summary>Raised after a sign-in, a sign-out (asked for or forced), a profile change or a refresh.</summary>
    event Action? Changed;

    /// <summary>The account as stored: nothing is contacted.</summary>
    Task<AccountStatus> GetStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// A new sign-in: a single-use <c>state</c> (valid 10 minutes) and a PKCE S256 challenge, and the backend's page
    /// to open, which comes back to <paramref name="redirectUri"/> (Grove's own <c>/auth/callback</c>).
    /// Throws <c>InvalidInput</c> when no backend is configured.
    /// </summary>
    Task<AccountSignInStarted> BeginSignInAsync(Uri redirectUri, CancellationToken cancellationToken = default);

    /// <summary>
    /// Completes the sign-in whose <paramref name="state"/> Grove issued (once; a missing, unknown, used or expired
    /// state is refused with <c>SecurityViolation</c> and nothing is contacted): exchanges the code and stores the tokens,
    /// replacing any earlier account.
    /// </summary>
    Task<AccountStatus> CompleteSignInAsync(string? code, string? state, CancellationToken cancellationToken = default);

    /// <summary>The profile read fresh from the backend (and remembered). Needs a signed-in account.</summary>
    Task<AccountProfile> GetProfileAsync(CancellationToken cancellationToken = default);

    /// <summary>Changes the display name on the backend.</summary>
    Task<AccountProfile> UpdateProfileAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The subscription plan, cached for 5 minutes.</summary>
    Task<AccountPlan> GetPlanAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes every stored account credential (tokens, profile, plan cache) and pending sign-ins; false when signed out already.</summary>
    Task<bool> LogoutAsync(CancellationToken cancellationToken = default);

    /// <summary>The one-time notice (e.g. a forced sign-out), cleared as it is taken; null when there is none.</summary>
    string? TakeNotice();
}
