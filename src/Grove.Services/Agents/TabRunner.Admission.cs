using System.Text.Json;
using Grove.Agents;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Data.Stores;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Agents;

/// <summary>
/// The gate before a turn starts (<see cref="Admission.TurnGate"/>): every turn of this tab — sent now,
/// queued, held, resumed after a restart — asks for a slot here, once, and gives it back when the turn ends.
/// A turn that gets no slot waits at the head of the tab's queue (kept in the database) until admitted.
/// </summary>
internal sealed partial class TabRunner
{
    private readonly HashSet<string> _persisted = new(StringComparer.Ordinal);

    // Holds one of the gate's slots (from admission to the end of the turn).
    private bool _holdsSlot;

    // The head of the queue waits for a slot.
    private bool _waitingSlot;

    /// <summary>Starts <paramref name="turn"/> if a slot is free; else it waits for one at the head of the queue. True when started.</summary>
    private async Task<bool> BeginLockedAsync(PendingTurn turn, Workspace workspace, CancellationToken cancellationToken)
    {
        if (!_holdsSlot)
        {
            if (!await context.Gate.EnterAsync(TabId, workspace.ProjectId, OnAdmittedAsync, cancellationToken))
            {
                lock (_queue)
                {
                    _queue.AddFirst(turn);
                }

                _waitingSlot = true;
                _turnActive = false;
                await PersistAsync(turn, cancellationToken);
                await MarkWaitingAsync(true, cancellationToken);
                return false;
            }

            _holdsSlot = true;
        }

        try
        {
            await StartTurnLockedAsync(turn, cancellationToken);
            return true;
        }
        catch (Exception) when (!_turnActive)
        {
            ReleaseSlot();
            throw;
        }
    }

    /// <summary>The gate gave this tab a slot: the head of the queue starts (unless it was taken back meanwhile).</summary>
    private async Task OnAdmittedAsync()
    {
        await _lock.WaitAsync(CancellationToken.None);
        try
        {
            if (!_waitingSlot)
            {
                context.Gate.Leave(TabId);
                return;
            }

            _waitingSlot = false;
            _holdsSlot = true;
            await MarkWaitingAsync(false, CancellationToken.None);
            var next = DequeueNext();
            if (next is null)
            {
                ReleaseSlot();
                return;
            }

            await StartNextLockedAsync(next);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Starts a turn that left the queue (after a turn ended, or once admitted). A used-up budget keeps
    /// it queued and held with a notice; any other failure is logged.
    /// </summary>
    private async Task StartNextLockedAsync(PendingTurn next)
    {
        try
        {
            _startingNext = true;
            var workspace = await WorkspaceAsync(CancellationToken.None);
            await context.Budgets.EnsureCanStartAsync(workspace, CancellationToken.None);
            _turnActive = false;
            await BeginLockedAsync(next, workspace, CancellationToken.None);
        }
        catch (GroveException ex) when (ex.Kind == ErrorKind.BudgetReached)
        {
            lock (_queue)
            {
                _queue.AddFirst(next);
                _queueHeld = true;
            }

            _turnActive = false;
            ReleaseSlot();
            await _recorder.RecordAsync(new SystemEvent(BudgetNotice.Subtype, BudgetNotice.Payload(ex.Message, reached: true)), CancellationToken.None);
            await SetStatusAsync(AgentTabStatus.Idle, null, CancellationToken.None);
        }
        catch (GroveException ex)
        {
            _turnActive = false;
            ReleaseSlot();
            context.Logger.LogWarning("Tab {Tab}: could not start the next turn: {Error}", TabId, ex.Message);
        }
        finally
        {
            _startingNext = false;
        }
    }

    /// <summary>Gives the slot back (the turn ended, or never started).</summary>
    private void ReleaseSlot()
    {
        if (_holdsSlot)
        {
            _holdsSlot = false;
            context.Gate.Leave(TabId);
        }
    }

    /// <summary>The tab stops waiting for a slot (interrupt, stop): its messages stay queued, held.</summary>
    private async Task CancelWaitLockedAsync(CancellationToken cancellationToken, bool forget = true)
    {
        if (!_waitingSlot)
        {
            return;
        }

        _waitingSlot = false;
        context.Gate.Cancel(TabId);
        if (forget)
        {
            await MarkWaitingAsync(false, cancellationToken);
            await PublishStoredStatusAsync(cancellationToken);
        }
    }

    /// <summary>The last queued message was taken back while waiting for a slot: stop waiting.</summary>
    private async Task StopWaitingIfEmptyAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            bool empty;
            lock (_queue)
            {
                empty = _queue.Count == 0;
            }

            if (empty)
            {
                await CancelWaitLockedAsync(cancellationToken);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Start-up: the messages that were waiting when Grove stopped, queued again; asks for a slot when the tab was waiting for one.</summary>
    public async Task ResumeAsync(IReadOnlyList<WaitingTurnRecord> records, bool askForSlot, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            lock (_queue)
            {
                foreach (var record in records)
                {
                    _queue.AddLast(new PendingTurn(record.Id, record.Text, WaitingImages.Read(record.ImagesJson)));
                    _persisted.Add(record.Id);
                }

                _queueHeld = !askForSlot;
            }

            if (!askForSlot || _turnActive || _waitingSlot)
            {
                return;
            }

            var next = DequeueNext();
            if (next is not null)
            {
                await StartNextLockedAsync(next);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task PersistAsync(PendingTurn turn, CancellationToken cancellationToken)
    {
        if (_persisted.Add(turn.Id))
        {
            await context.WaitingTurns.AddAsync(
                new WaitingTurnRecord(turn.Id, TabId, turn.Text, WaitingImages.Write(turn.Images), context.Time.GetUtcNow()), cancellationToken);
        }
    }

    private async Task MarkWaitingAsync(bool waiting, CancellationToken cancellationToken)
    {
        var tab = await context.Tabs.GetAsync(TabId, cancellationToken);
        if (tab is null || (tab.WaitingSince is not null) == waiting)
        {
            return;
        }

        await context.Tabs.UpdateAsync(
            tab with { WaitingSince = waiting ? context.Time.GetUtcNow() : null, RunOwner = waiting ? RunOwner.Current : tab.RunOwner, UpdatedAt = context.Time.GetUtcNow() },
            cancellationToken);
    }

    /// <summary>Tells subscribers the tab's stored status again (it no longer waits).</summary>
    private async Task PublishStoredStatusAsync(CancellationToken cancellationToken)
    {
        var tab = await context.Tabs.GetAsync(TabId, cancellationToken);
        if (tab is not null)
        {
            await _recorder.PublishLiveAsync("tab_status", $$"""{"status":"{{tab.Status.ToString().ToLowerInvariant()}}"}""", CancellationToken.None);
        }
    }

    private async Task<Workspace> WorkspaceAsync(CancellationToken cancellationToken)
    {
        var tab = await context.Tabs.GetAsync(TabId, cancellationToken)
            ?? throw new GroveException(ErrorKind.NotFound, $"Agent tab '{TabId}' does not exist.");
        return await context.Workspaces.GetAsync(tab.WorkspaceId, cancellationToken)
            ?? throw new GroveException(ErrorKind.NotFound, $"The workspace of tab '{tab.Name}' is gone.");
    }
}

/// <summary>A waiting message's images as stored: <c>[{"media_type":…,"data":base64}]</c>.</summary>
internal static class WaitingImages
{
    public static string? Write(IReadOnlyList<AgentImage> images) =>
        images.Count == 0 ? null : JsonSerializer.Serialize(images.Select(i => new Stored(i.MediaType, Convert.ToBase64String(i.Data.Span))));

    public static IReadOnlyList<AgentImage> Read(string? json) =>
        json is null ? [] : [.. (JsonSerializer.Deserialize<List<Stored>>(json) ?? []).Select(s => new AgentImage(s.MediaType, Convert.FromBase64String(s.Data)))];

    private sealed record Stored(string MediaType, string Data);
}
