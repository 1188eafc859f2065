using Grove.Core.Errors;

namespace Grove.Services.Account;

/// <summary>
/// <see cref="IAccountAccess"/> for features the backend serves: the configured backend, a token valid for at least
/// 5 more minutes (refreshed first), and whether the (cached) plan is paid. Null when signed out or unconfigured; a plan
/// that cannot be read counts as not paid.
/// </summary>
internal sealed class AccountAccessProvider(AccountSessions sessions, AccountPlanCache plans) : IAccountAccess
{
    public async Task<AccountAccess?> CurrentAsync(CancellationToken cancellationToken = default)
    {
        if (await sessions.FreshAsync(cancellationToken) is not { } session)
        {
            return null;
        }

        bool paid;
        try
        {
            paid = (await plans.GetAsync(session, cancellationToken)).Paid;
        }
        catch (GroveException)
        {
            paid = false;
        }

        return new AccountAccess(session.ApiUrl, session.AccessToken, paid);
    }
}
