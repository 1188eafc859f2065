namespace Grove.Services.Account;

/// <summary>
/// The signed-in account's backend address and a current access token, for features the backend
/// serves to signed-in users (e.g. voice transcription on a paid plan). Null when signed out or
/// when no backend is configured. Implementations refresh the token first when it is about to expire.
/// </summary>
public interface IAccountAccess
{
    Task<AccountAccess?> CurrentAsync(CancellationToken cancellationToken = default);
}

/// <summary>A usable account session: the backend base URL, a bearer token, and whether the plan is a paid one.</summary>
public sealed record AccountAccess(Uri ApiUrl, string AccessToken, bool PaidPlan);
