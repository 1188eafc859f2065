using Grove.Agents;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Agents;

internal sealed partial class TabRunner
{
    /// <summary>Reads the session's events until the process ends: record, then react.</summary>
    private async Task PumpAsync(IAgentSession session, Workspace workspace)
    {
        string? lastError = null;
        try
        {
            await foreach (var read in session.ReadEventsAsync(CancellationToken.None))
            {
                // Claude's total_cost_usd is the session's running total: each turn's own cost is the rise.
                var agentEvent = read is ResultEvent ended
                    ? ended with { TurnCostUsd = await context.Budgets.OwnCostAsync(TabId, ended, CancellationToken.None) }
                    : read;
                await _recorder.RecordAsync(agentEvent, CancellationToken.None);
                if (agentEvent is ResultEvent or PermissionRequestEvent)
                {
                    // What a user waits on: stored and published before the tab's status says so.
                    await _recorder.FlushAsync(CancellationToken.None);
                }

                switch (agentEvent)
                {
                    case InitEvent init:
                        await RememberSessionAsync(init.SessionId);
                        break;
                    case PermissionRequestEvent request:
                        await OnPermissionRequestAsync(session, workspace, request);
                        break;
                    case ErrorEvent error:
                        lastError = error.Message;
                        if (error.ErrorKind == AgentErrorKind.SessionNotFound)
                        {
                            _retryFresh = true;
                        }

                        break;
                    case ResultEvent result:
                        await OnTurnCostAsync(workspace, result);
                        await OnResultAsync(result, lastError);
                        lastError = null;
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is GroveException or IOException or InvalidOperationException or NotSupportedException)
        {
            // Never let an agent run on unrecorded: stop it, and say why.
            context.Logger.LogError("Tab {Tab}: recording agent events failed: {Error}", TabId, ex.Message);
            lastError = $"Grove could not record the agent's output ({ex.Message}); the agent was stopped.";
            await session.StopAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
        }

        await OnProcessEndedAsync(session, lastError);
    }

    private async Task RememberSessionAsync(string sessionId)
    {
        var tab = await context.Tabs.GetAsync(TabId, CancellationToken.None);
        if (tab is not null && tab.SessionId != sessionId)
        {
            await context.Tabs.UpdateAsync(tab with { SessionId = sessionId, UpdatedAt = context.Time.GetUtcNow() }, CancellationToken.None);
        }
    }

    private async Task OnPermissionRequestAsync(IAgentSession session, Workspace workspace, PermissionRequestEvent request)
    {
        var tab = await context.Tabs.GetAsync(TabId, CancellationToken.None);
        if (tab is null)
        {
            return;
        }

        var rules = await context.Rules.ListAsync(workspace.ProjectId, workspace.Id, CancellationToken.None);
        var decision = PermissionPolicy.Decide(request, tab, workspace.WorktreePath, rules);
        switch (decision.Verdict)
        {
            case PolicyVerdict.Allow:
                await session.RespondToPermissionAsync(request.RequestId, PermissionDecision.AllowOnce(), CancellationToken.None);
                break;
            case PolicyVerdict.Deny:
                await session.RespondToPermissionAsync(request.RequestId, PermissionDecision.Deny(decision.Reason), CancellationToken.None);
                break;
            default:
                _pending[request.RequestId] = new PendingApproval(TabId, workspace.Id, request, context.Time.GetUtcNow());
                context.Approvals.Register(request.RequestId, this);
                await SetStatusAsync(AgentTabStatus.NeedsInput, null, CancellationToken.None);
                break;
        }
    }

    private async Task OnResultAsync(ResultEvent result, string? lastError)
    {
        PendingTurn? next = null;
        await _lock.WaitAsync(CancellationToken.None);
        try
        {
            _turnActive = false;
            _pending.Clear();
            if (_retryFresh && _currentMessage is not null)
            {
                // The stored session is gone (deleted, other machine): start fresh, telling the user.
                _retryFresh = false;
                await SetStatusAsync(AgentTabStatus.Idle, null, CancellationToken.None, t => t with { SessionId = null });
                await _recorder.RecordAsync(new SystemEvent("grove_notice", System.Text.Json.JsonSerializer.SerializeToElement(
                    new { message = "The previous agent session could not be found; Grove started a new one and re-sent your message." })), CancellationToken.None);
                next = _currentMessage;
                if (_session is { } stale)
                {
                    await stale.StopAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
                }

                _session = null;
            }
            else if (result.HitMaxTurns)
            {
                // The step cap the user set: the turn stops, the tab is ready for the next message.
                _interruptRequested = false;
                var steps = result.NumTurns ?? _sessionMaxTurns;
                await _recorder.RecordAsync(new SystemEvent(MaxTurnsNotice.Subtype, MaxTurnsNotice.Payload(steps)), CancellationToken.None);
                await SetStatusAsync(AgentTabStatus.Idle, null, CancellationToken.None,
                    t => result.SessionId is null ? t : t with { SessionId = result.SessionId });
                next = DequeueNext();
            }
            else if (result.IsError && (_interruptRequested || result.TerminalReason == "aborted_streaming"))
            {
                // The user asked for this: its own outcome, not a failure. Messages queued before the
                // interrupt stay held; one sent after it (while the turn was still winding down) runs now.
                _interruptRequested = false;
                await _recorder.RecordAsync(new SystemEvent(InterruptedNotice.Subtype, InterruptedNotice.Payload), CancellationToken.None);
                await SetStatusAsync(AgentTabStatus.Interrupted, null, CancellationToken.None,
                    t => result.SessionId is null ? t : t with { SessionId = result.SessionId });
                next = DequeueNext();
            }
            else
            {
                _interruptRequested = false;
                var error = result.IsError ? lastError ?? result.ResultText ?? "The turn failed." : null;
                await SetStatusAsync(result.IsError ? AgentTabStatus.Error : AgentTabStatus.Idle, error, CancellationToken.None,
                    t => result.SessionId is null ? t : t with { SessionId = result.SessionId });
                next = DequeueNext();
            }

            // IsBusy never blinks false between queued turns (a client that saw "not busy" after its
            // queued message left the queue would think it was dropped).
            _turnActive = next is not null;
            if (next is not null && _session is not { HasExited: false })
            {
                // The old process is stopping (fresh retry): the next turn starts a new one.
                _session = null;
            }

            // The slot goes back at every turn's end: the next message asks again, behind whoever waits.
            ReleaseSlot();
            if (next is not null)
            {
                await StartNextLockedAsync(next);
            }
        }
        catch (GroveException ex)
        {
            _turnActive = false;
            ReleaseSlot();
            context.Logger.LogWarning("Tab {Tab}: could not start the next turn: {Error}", TabId, ex.Message);
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task OnProcessEndedAsync(IAgentSession session, string? lastError)
    {
        await _recorder.FlushAsync(CancellationToken.None);
        await _lock.WaitAsync(CancellationToken.None);
        try
        {
            if (!ReferenceEquals(_session, session))
            {
                return;
            }

            _session = null;
            _pending.Clear();
            if (_turnActive)
            {
                _turnActive = false;
                ReleaseSlot();
                HoldQueue();
                if (_interruptRequested)
                {
                    // Stopped on the user's request (the process did not end the turn in time and was killed).
                    _interruptRequested = false;
                    await _recorder.RecordAsync(new SystemEvent(InterruptedNotice.Subtype, InterruptedNotice.Payload), CancellationToken.None);
                    await SetStatusAsync(AgentTabStatus.Interrupted, null, CancellationToken.None);
                }
                else
                {
                    await SetStatusAsync(AgentTabStatus.Error, lastError ?? $"The agent process ended (exit code {session.ExitCode}).", CancellationToken.None);
                }
            }
        }
        finally
        {
            _lock.Release();
        }
    }
}
