using Grove.Core.Account;
using Grove.Integrations.Account;

namespace Grove.Services.Account;

/// <summary>The plan, fetched at most once per <see cref="Lifetime"/> (injected clock) and forgotten at sign-out.</summary>
internal sealed class AccountPlanCache : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly IAccountClient _client;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private (Uri ApiUrl, AccountPlan Plan, DateTimeOffset At)? _cached;

    public AccountPlanCache(IAccountClient client, TimeProvider time, AccountSessions sessions)
    {
        _client = client;
        _time = time;
        sessions.SigningOut += Clear;
    }

    public async Task<AccountPlan> GetAsync(AccountSession session, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } cached && cached.ApiUrl == session.ApiUrl && _time.GetUtcNow() - cached.At < Lifetime)
            {
                return cached.Plan;
            }

            var info = await _client.GetPlanAsync(session.ApiUrl, session.AccessToken, cancellationToken);
            var plan = new AccountPlan(info.Plan, info.Status, IsPaid(info));
            _cached = (session.ApiUrl, plan, _time.GetUtcNow());
            return plan;
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Clear() => _cached = null;

    public void Dispose() => _lock.Dispose();

    /// <summary>Anything but a free plan, unless the backend says it is not active.</summary>
    private static bool IsPaid(AccountPlanInfo info) =>
        !string.Equals(info.Plan, "free", StringComparison.OrdinalIgnoreCase) &&
        !string.Equals(info.Plan, "none", StringComparison.OrdinalIgnoreCase) &&
        (info.Status is null || info.Status.Equals("active", StringComparison.OrdinalIgnoreCase) || info.Status.Equals("trialing", StringComparison.OrdinalIgnoreCase));
}
