namespace Grove.Integrations.Account;

/// <summary>The signed-in user as the backend describes them.</summary>
public sealed record AccountUser(string Id, string? Email, string? Name, string? ImageUrl);

/// <summary>Tokens from the exchange or a refresh, with the user they belong to (when the backend sent one).</summary>
public sealed record AccountTokenGrant(string AccessToken, string RefreshToken, DateTimeOffset ExpiresAt, AccountUser? User);

/// <summary>The user's subscription plan (<c>free</c>, <c>pro</c>, …) and its status when the backend reports one.</summary>
public sealed record AccountPlanInfo(string Plan, string? Status);

/// <summary>The backend refused a token (401/403, or a refresh answered 400): the session is over.</summary>
public sealed class AccountTokenRefusedException(string message)
    : Core.Errors.GroveException(Core.Errors.ErrorKind.AuthRequired, message);

/// <summary>
/// The seed's account backend (all JSON, camelCase, relative to the configured base URL):
/// <list type="bullet">
/// <item><c>GET /auth/desktop?state=…&amp;code_challenge=…&amp;code_challenge_method=S256&amp;redirect_uri=…</c>:
/// the page the browser opens; it ends with a redirect to <c>redirect_uri?code=…&amp;state=…</c>.</item>
/// <item><c>POST /api/auth/desktop/exchange</c> <c>{ code, codeVerifier, redirectUri }</c> →
/// <c>{ token, refreshToken, expiresAt (ISO 8601) | expiresIn (seconds), user: { id, email, name, imageUrl } }</c>.</item>
/// <item><c>POST /api/auth/desktop/refresh</c> <c>{ refreshToken }</c> → the same shape (<c>user</c> optional);
/// 400/401/403 means the refresh token is no longer valid.</item>
/// <item><c>GET /api/user/profile</c> (Bearer) → <c>{ id, email, name, imageUrl }</c>;
/// <c>PATCH /api/user/profile</c> <c>{ name }</c> → the updated profile.</item>
/// <item><c>GET /api/desktop/user/plan</c> (Bearer) → <c>{ plan, status }</c>.</item>
/// </list>
/// Every failure is a one-line <see cref="Core.Errors.GroveException"/>: 401 is <see cref="AccountTokenRefusedException"/>,
/// an unreachable backend is <c>Network</c> ("Cannot reach host").
/// </summary>
public interface IAccountClient
{
    /// <summary>The backend's desktop sign-in page for this request (nothing is contacted).</summary>
    Uri SignInPage(Uri apiUrl, string state, string codeChallenge, Uri redirectUri);

    Task<AccountTokenGrant> ExchangeAsync(Uri apiUrl, string code, string codeVerifier, Uri redirectUri, CancellationToken cancellationToken = default);

    Task<AccountTokenGrant> RefreshAsync(Uri apiUrl, string refreshToken, CancellationToken cancellationToken = default);

    Task<AccountUser> GetProfileAsync(Uri apiUrl, string accessToken, CancellationToken cancellationToken = default);

    Task<AccountUser> UpdateProfileAsync(Uri apiUrl, string accessToken, string name, CancellationToken cancellationToken = default);

    Task<AccountPlanInfo> GetPlanAsync(Uri apiUrl, string accessToken, CancellationToken cancellationToken = default);
}
