using Grove.Core.Errors;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Account;

/// <summary>
/// Renews the account's tokens <see cref="AccountSessions.RefreshMargin"/> before they expire, at start-up and after every
/// sign-in (runs in <c>grove serve</c>; on the injected clock). A backend that cannot be reached is tried again a minute later.
/// </summary>
internal sealed partial class AccountRefresher(AccountSessions sessions, TimeProvider time, ILogger<AccountRefresher> logger) : BackgroundService
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wake = new SemaphoreSlim(0);
        void OnChanged()
        {
            if (wake.CurrentCount == 0)
            {
                wake.Release();
            }
        }

        sessions.Changed += OnChanged;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                DateTimeOffset? due;
                try
                {
                    due = await NextDueAsync(stoppingToken);
                }
                catch (Exception e) when (e is GroveException or ObjectDisposedException && !stoppingToken.IsCancellationRequested)
                {
                    LogFailed(logger, e.Message);
                    due = time.GetUtcNow() + RetryDelay;
                }

                using var changedOrDue = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var waitForChange = wake.WaitAsync(changedOrDue.Token);

                // The delay is taken from the clock just before the timer starts (not before the awaits above), so
                // time that passed while the session was read is not waited twice.
                var tasks = due is { } at
                    ? new[] { waitForChange, Task.Delay(Max(at - time.GetUtcNow(), TimeSpan.Zero), time, changedOrDue.Token) }
                    : [waitForChange];
                await Task.WhenAny(tasks);
                await changedOrDue.CancelAsync();
                try
                {
                    await Task.WhenAll(tasks);
                }
                catch (OperationCanceledException)
                {
                    // The other wait was cancelled; the loop ends when Grove stops.
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            sessions.Changed -= OnChanged;
        }
    }

    /// <summary>Refreshes when due; returns when to look again (null: when the session changes).</summary>
    private async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        var session = await sessions.StoredAsync(cancellationToken);
        if (session is null)
        {
            return null;
        }

        if (sessions.NeedsRefresh(session))
        {
            // Success raises Changed (the loop then schedules the next renewal); a refusal signs out.
            var renewed = await sessions.RefreshAsync(cancellationToken);
            return renewed is null ? null : sessions.NeedsRefresh(renewed) ? time.GetUtcNow() + RetryDelay : time.GetUtcNow();
        }

        return session.ExpiresAt - AccountSessions.RefreshMargin;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account session renewal failed; trying again in a minute: {Error}")]
    private static partial void LogFailed(ILogger logger, string error);
}
