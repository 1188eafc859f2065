namespace Grove.Core.Account;

/// <summary>Where Grove's account stands.</summary>
public enum AccountState
{
    /// <summary>No backend URL is configured: nothing is contacted.</summary>
    NotConfigured,

    SignedOut,

    SignedIn,
}

/// <summary>The signed-in user (as last read from the backend).</summary>
public sealed record AccountProfile(string Id, string? Email, string? Name);

/// <summary>The subscription plan, and whether it counts as paid (anything but <c>free</c>, when active).</summary>
public sealed record AccountPlan(string Name, string? Status, bool Paid);

/// <summary>
/// The account as a settings screen and <c>grove account status</c> show it. <see cref="Hint"/> says what to
/// do next (how to configure the URL, how to sign in); <see cref="Notice"/> is a one-time message such as
/// "the backend refused to renew the session".
/// </summary>
public sealed record AccountStatus(
    AccountState State,
    Uri? ApiUrl,
    AccountProfile? Profile,
    DateTimeOffset? ExpiresAt,
    string Hint,
    string? Notice = null);

/// <summary>A started sign-in: the page to open in a browser; it comes back to <see cref="RedirectUri"/> before <see cref="ExpiresAt"/>.</summary>
public sealed record AccountSignInStarted(Uri SignInUrl, Uri RedirectUri, DateTimeOffset ExpiresAt);
