using System.Collections.Concurrent;
using Grove.Agents;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Core.Mcp;
using Grove.Data.Stores;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Agents;

/// <summary>
/// One tab's agent: its process (started on the first message, resumed from the stored session id),
/// its message queue (one turn at a time) and the pump that records every event in order and
/// applies the permission policy.
/// </summary>
internal sealed partial class TabRunner(string tabId, TabRunnerContext context) : IAsyncDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly LinkedList<PendingTurn> _queue = new();
    private readonly ConcurrentDictionary<string, PendingApproval> _pending = new(StringComparer.Ordinal);
    private readonly TranscriptRecorder _recorder = new(tabId, context.Committer, context.Time, context.Options.PartialCheckpointInterval);
    private IAgentSession? _session;
    private Task? _pump;
    private bool _turnActive;
    private PendingTurn? _currentMessage;
    private AgentMode? _sessionMode;
    private int? _sessionMaxTurns;
    private bool _retryFresh;

    // Set by a user's interrupt until the turn ends: the turn's end is "interrupted", not a failure.
    private volatile bool _interruptRequested;

    // After an interrupt (or a crash) queued messages wait for the user's next message instead of
    // starting on their own; they are never dropped.
    private bool _queueHeld;

    // A queued turn that left the queue and is being started (admission, checkpoint, process): busy,
    // so a client following its queued message never sees "not busy" in between.
    private volatile bool _startingNext;

    public string TabId { get; } = tabId;

    public bool IsBusy
    {
        get
        {
            lock (_queue)
            {
                return _turnActive || _startingNext || (_queue.Count > 0 && !_queueHeld);
            }
        }
    }

    public int? ProcessId => _session is { HasExited: false } session ? session.ProcessId : null;

    public IReadOnlyCollection<PendingApproval> Pending => [.. _pending.Values];

    public IReadOnlyList<QueuedMessage> Queued
    {
        get
        {
            lock (_queue)
            {
                return [.. _queue.Select(t => new QueuedMessage(t.Id, t.Text, t.Images.Count) { Held = _queueHeld })];
            }
        }
    }

    public async Task<SendOutcome> SendAsync(string text, IReadOnlyList<AgentImage> images, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new GroveException(ErrorKind.InvalidInput, "The message is empty.");
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            var turn = new PendingTurn(Ids.New("msg"), text, images);
            var workspace = await WorkspaceAsync(cancellationToken);

            // A used-up budget refuses the message outright: nothing is queued, nothing reaches the model.
            await context.Budgets.EnsureCanStartAsync(workspace, cancellationToken);
            if (_turnActive || _waitingSlot)
            {
                int position;
                lock (_queue)
                {
                    _queue.AddLast(turn);
                    position = _queue.Count;
                }

                await PersistAsync(turn, cancellationToken);
                await _recorder.PublishLiveAsync("queued", $$"""{"position":{{position}}}""", cancellationToken);
                return new SendOutcome(false, position) { Waiting = context.Gate.WaitOf(TabId) };
            }

            if (TakeHeld(turn) is { } first)
            {
                // Messages held by an interrupt go first, in order; this one waits behind them.
                await PersistAsync(turn, cancellationToken);
                await _recorder.PublishLiveAsync("queued", $$"""{"position":{{Queued.Count}}}""", cancellationToken);
                _turnActive = false;
                await BeginLockedAsync(first, workspace, cancellationToken);
                return new SendOutcome(false, Queued.Count) { Waiting = context.Gate.WaitOf(TabId) };
            }

            return await BeginLockedAsync(turn, workspace, cancellationToken)
                ? new SendOutcome(true, 0)
                : new SendOutcome(false, Queued.Count) { Waiting = context.Gate.WaitOf(TabId) };
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Takes a queued message back; false when it is no longer queued.</summary>
    public async Task<bool> RemoveQueuedAsync(string id, CancellationToken cancellationToken)
    {
        bool removed;
        lock (_queue)
        {
            var node = _queue.First;
            while (node is not null && node.Value.Id != id)
            {
                node = node.Next;
            }

            removed = node is not null;
            if (node is not null)
            {
                _queue.Remove(node);
            }
        }

        if (removed)
        {
            await context.WaitingTurns.RemoveAsync(id, cancellationToken);
            await StopWaitingIfEmptyAsync(cancellationToken);
            await _recorder.PublishLiveAsync("queued", $$"""{"position":{{Queued.Count}}}""", cancellationToken);
        }

        return removed;
    }

    public async Task InterruptAsync(CancellationToken cancellationToken)
    {
        IAgentSession? session;
        await _lock.WaitAsync(cancellationToken);
        try
        {
            HoldQueue();
            _interruptRequested = _turnActive;
            session = _session;
            await CancelWaitLockedAsync(cancellationToken);
        }
        finally
        {
            _lock.Release();
        }

        if (session is not null && !session.HasExited)
        {
            await session.InterruptAsync(cancellationToken);
        }
    }

    /// <summary>Stops the agent process. <paramref name="keepWaiting"/>: Grove is shutting down, a tab waiting for a slot asks again after the restart.</summary>
    public async Task StopAsync(CancellationToken cancellationToken, bool keepWaiting = false)
    {
        IAgentSession? session;
        Task? pump;
        await _lock.WaitAsync(cancellationToken);
        try
        {
            HoldQueue();
            _interruptRequested = _turnActive;
            (session, pump) = (_session, _pump);
            await CancelWaitLockedAsync(cancellationToken, forget: !keepWaiting);
        }
        finally
        {
            _lock.Release();
        }

        if (session is not null)
        {
            await session.StopAsync(TimeSpan.FromSeconds(5), cancellationToken);
            if (pump is not null)
            {
                await pump.WaitAsync(cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        DisarmIdleClock();
        try
        {
            await StopAsync(CancellationToken.None, keepWaiting: true);
        }
        catch (Exception ex) when (ex is GroveException or IOException or InvalidOperationException)
        {
            context.Logger.LogWarning("Stopping tab {Tab} failed: {Error}", TabId, ex.Message);
        }

        ReleaseSlot();
        await _recorder.DisposeAsync();
        _lock.Dispose();
    }

    /// <summary>Keeps the queued messages but stops them from starting on their own.</summary>
    private void HoldQueue()
    {
        lock (_queue)
        {
            _queueHeld = _queue.Count > 0;
        }
    }

    /// <summary>When messages are held: queues <paramref name="turn"/> behind them, releases the hold and returns the first.</summary>
    private PendingTurn? TakeHeld(PendingTurn turn)
    {
        lock (_queue)
        {
            if (!_queueHeld || _queue.Count == 0)
            {
                _queueHeld = false;
                return null;
            }

            _queueHeld = false;
            _queue.AddLast(turn);
            var first = _queue.First!.Value;
            _queue.RemoveFirst();
            _turnActive = true;
            return first;
        }
    }

    private PendingTurn? DequeueNext()
    {
        lock (_queue)
        {
            if (_queue.First is not { } first)
            {
                return null;
            }

            if (_queueHeld)
            {
                return null;
            }

            // Busy without a gap: the turn counts as active from the moment it leaves the queue.
            _turnActive = true;
            _queue.RemoveFirst();
            return first.Value;
        }
    }

    private async Task StartTurnLockedAsync(PendingTurn turn, CancellationToken cancellationToken)
    {
        var tab = await context.Tabs.GetAsync(TabId, cancellationToken)
            ?? throw new GroveException(ErrorKind.NotFound, $"Agent tab '{TabId}' does not exist.");
        var session = _session;
        if (session is not null && !session.HasExited && _sessionMaxTurns != tab.MaxTurns)
        {
            // The step cap is a start option: restart the process (the session resumes) to change it.
            await session.StopAsync(TimeSpan.FromSeconds(2), cancellationToken);
            _session = null;
            session = null;
        }

        if (session is null || session.HasExited)
        {
            session = await StartSessionAsync(tab, cancellationToken);
            _sessionMode = tab.Mode;
            _sessionMaxTurns = tab.MaxTurns;
        }
        else if (_sessionMode != tab.Mode)
        {
            // The tab's mode changed between turns (/plan, /agent, the mode menu): tell the running process.
            await session.SetPermissionModeAsync(tab.Mode == AgentMode.Plan ? PermissionModes.Plan : PermissionModes.Default, cancellationToken);
            _sessionMode = tab.Mode;
        }

        // The work tree as the turn finds it, so the user can roll the turn back (never blocks the turn).
        if (await context.Workspaces.GetAsync(tab.WorkspaceId, cancellationToken) is { } workspace)
        {
            await context.Checkpoints.TakeAsync(workspace, TabId, turn.Text, cancellationToken);
        }

        if (_persisted.Remove(turn.Id))
        {
            await context.WaitingTurns.RemoveAsync(turn.Id, CancellationToken.None);
        }

        _turnActive = true;
        _interruptRequested = false;
        _currentMessage = turn;
        await SetStatusAsync(AgentTabStatus.Running, null, cancellationToken);
        await session.SendUserMessageAsync(turn.Text, turn.Images.Count == 0 ? null : turn.Images, cancellationToken);
    }

    private async Task<IAgentSession> StartSessionAsync(AgentTab tab, CancellationToken cancellationToken)
    {
        var workspace = await context.Workspaces.GetAsync(tab.WorkspaceId, cancellationToken)
            ?? throw new GroveException(ErrorKind.NotFound, $"The workspace of tab '{tab.Name}' is gone.");
        if (!Directory.Exists(workspace.WorktreePath))
        {
            throw new GroveException(ErrorKind.NotFound, $"The worktree of '{workspace.Name}' is missing; restore it first.");
        }

        var mcpServers = await PrepareMcpAsync(workspace, cancellationToken);
        var runFolder = context.Mcp.CreateRunFolder(TabId);
        var options = new AgentStartOptions
        {
            WorkingDirectory = workspace.WorktreePath,
            McpServers = mcpServers,
            RunFolder = runFolder,
            ResumeSessionId = tab.SessionId,
            Model = tab.Model ?? await DefaultModelAsync(tab.AgentKind, cancellationToken),
            MaxTurns = tab.MaxTurns,
            Mode = tab.Mode,
            Auth = await context.Auth.GetAsync(cancellationToken),
            DisableNonessentialTraffic = context.Options.DisableNonessentialTraffic,
            Environment = context.Options.ExtraEnvironment,
            RawLogPath = context.Options.RawLog ? Path.Combine(AgentLogJanitor.Folder(context.Paths), $"{TabId}-{context.Time.GetUtcNow():yyyyMMdd-HHmmss}.jsonl") : null,
        };

        IAgentSession session;
        try
        {
            session = await context.Drivers.Get(tab.AgentKind).StartAsync(options, cancellationToken);
        }
        catch (AgentException ex)
        {
            Mcp.McpRunConfig.Delete(runFolder);
            await _recorder.RecordAsync(new ErrorEvent(ex.AgentErrorKind, ex.Message), CancellationToken.None);
            await SetStatusAsync(AgentTabStatus.Error, ex.Message, CancellationToken.None);
            throw;
        }
        catch
        {
            Mcp.McpRunConfig.Delete(runFolder);
            throw;
        }

        _session = session;
        _pump = Task.Run(
            async () =>
            {
                try
                {
                    await PumpAsync(session, workspace);
                }
                finally
                {
                    Mcp.McpRunConfig.Delete(runFolder);
                }
            },
            CancellationToken.None);
        await UnparkAsync(tab, cancellationToken);
        return session;
    }

    /// <summary>The Codex driver's kind (tabs store it in <see cref="AgentTab.AgentKind"/>).</summary>
    private const string CodexKind = "codex";

    /// <summary>Codex tabs without a model of their own use <c>codex.model</c> (else Codex's default).</summary>
    private async Task<string?> DefaultModelAsync(string agentKind, CancellationToken cancellationToken) =>
        agentKind == CodexKind ? await context.Settings.GetAsync(SettingKeys.CodexModel, cancellationToken) : null;

    /// <summary>
    /// The run's MCP servers (the ones the user sees as working for this workspace, for every agent
    /// kind) and a notice in the tab for each server left out, naming why.
    /// </summary>
    private async Task<IReadOnlyList<McpServerDefinition>> PrepareMcpAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        try
        {
            var plan = await context.Mcp.PrepareAsync(workspace, cancellationToken);
            foreach (var (name, reason) in plan.LeftOut)
            {
                await _recorder.RecordAsync(McpNotice.LeftOut(name, reason), CancellationToken.None);
            }

            return plan.Servers;
        }
        catch (GroveException ex)
        {
            // Claude's files could not be read (e.g. ~/.claude.json does not parse): run with no servers, and say so.
            context.Logger.LogWarning("Tab {Tab}: MCP servers not loaded: {Error}", TabId, ex.Message);
            await _recorder.RecordAsync(McpNotice.NotLoaded(ex.Message), CancellationToken.None);
            return [];
        }
    }

    private async Task SetStatusAsync(AgentTabStatus status, string? error, CancellationToken cancellationToken, Func<AgentTab, AgentTab>? also = null)
    {
        var tab = await context.Tabs.GetAsync(TabId, cancellationToken);
        if (tab is null)
        {
            return;
        }

        var updated = tab with
        {
            Status = status,
            LastError = error ?? (status == AgentTabStatus.Error ? tab.LastError : null),
            RunOwner = status is AgentTabStatus.Running or AgentTabStatus.NeedsInput ? RunOwner.Current : null,
            UpdatedAt = context.Time.GetUtcNow(),
        };
        updated = also?.Invoke(updated) ?? updated;
        await context.Tabs.UpdateAsync(updated, cancellationToken);
        await RestartIdleClockAsync(status);
        await _recorder.PublishLiveAsync("tab_status", $$"""{"status":"{{status.ToString().ToLowerInvariant()}}"}""", CancellationToken.None);
    }
}

/// <summary>A message on its way to the agent: running now or waiting in the queue.</summary>
internal sealed record PendingTurn(string Id, string Text, IReadOnlyList<AgentImage> Images);
