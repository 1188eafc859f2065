using System.Globalization;
using Grove.Agents;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Agents;

/// <summary>
/// Idle agents parked: when a tab's process has had no turn for <c>agents.idle_minutes</c> (default
/// <see cref="AgentRunOptions.IdleProcessTimeout"/>; 0 = never), it is stopped cleanly (stdin closed,
/// the tree killed after a grace period) and the tab is marked parked. The next message starts the
/// process again through the usual resume path (<c>--resume</c> of the stored session id), so the
/// transcript goes on unbroken with a quiet <see cref="ResumedNotice"/>. The idle clock is the
/// <see cref="TimeProvider"/>'s.
/// </summary>
internal sealed partial class TabRunner
{
    private readonly Lock _idleLock = new();
    private ITimer? _idleTimer;
    private long _idleGeneration;

    /// <summary>Called on every status change: a turn (or a question) stops the idle clock; its end starts it.</summary>
    private async Task RestartIdleClockAsync(AgentTabStatus status)
    {
        var generation = Interlocked.Increment(ref _idleGeneration);
        DisarmIdleClock();
        if (status is AgentTabStatus.Running or AgentTabStatus.NeedsInput || _session is not { HasExited: false })
        {
            return;
        }

        var idle = await IdleTimeoutAsync();
        if (idle <= TimeSpan.Zero)
        {
            return;
        }

        lock (_idleLock)
        {
            if (generation == Interlocked.Read(ref _idleGeneration))
            {
                _idleTimer = context.Time.CreateTimer(_ => _ = ParkIfIdleAsync(generation), null, idle, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void DisarmIdleClock()
    {
        lock (_idleLock)
        {
            _idleTimer?.Dispose();
            _idleTimer = null;
        }
    }

    private async Task<TimeSpan> IdleTimeoutAsync()
    {
        var configured = await context.Settings.GetAsync(SettingKeys.AgentIdleMinutes, CancellationToken.None);
        return int.TryParse(configured, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            ? TimeSpan.FromMinutes(minutes)
            : context.Options.IdleProcessTimeout;
    }

    /// <summary>Stops the process when nothing happened since the clock started; the session stays resumable.</summary>
    private async Task ParkIfIdleAsync(long generation)
    {
        try
        {
            await _lock.WaitAsync(CancellationToken.None);
            try
            {
                if (generation != Interlocked.Read(ref _idleGeneration) || _turnActive || !_pending.IsEmpty || _session is not { HasExited: false } session)
                {
                    return;
                }

                // Detached first: the pump's end sees another session and records no error, and a
                // message sent meanwhile (it waits for this lock) starts a new process that resumes.
                _session = null;
                await session.StopAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
                var tab = await context.Tabs.GetAsync(TabId, CancellationToken.None);
                if (tab is null)
                {
                    return;
                }

                await context.Tabs.UpdateAsync(tab with { ParkedAt = context.Time.GetUtcNow() }, CancellationToken.None);
                await _recorder.PublishLiveAsync(
                    TabEventHub.StatusKind,
                    $$"""{"status":"{{tab.Status.ToString().ToLowerInvariant()}}","parked":true}""",
                    CancellationToken.None);
                context.Logger.LogInformation("Tab {Tab}: agent process parked after being idle.", TabId);
            }
            finally
            {
                _lock.Release();
            }
        }
        catch (Exception ex) when (ex is Core.Errors.GroveException or IOException or InvalidOperationException or ObjectDisposedException)
        {
            context.Logger.LogWarning("Tab {Tab}: parking the idle agent failed: {Error}", TabId, ex.Message);
        }
    }

    /// <summary>After a parked tab's process started again: the quiet marker, and the tab is no longer parked.</summary>
    private async Task UnparkAsync(AgentTab tab, CancellationToken cancellationToken)
    {
        if (tab.ParkedAt is null)
        {
            return;
        }

        await context.Tabs.UpdateAsync(tab with { ParkedAt = null }, cancellationToken);
        if (tab.SessionId is not null)
        {
            await _recorder.RecordAsync(new SystemEvent(ResumedNotice.Subtype, ResumedNotice.Payload), CancellationToken.None);
        }
    }
}
