using System.Collections.Concurrent;
using Grove.Agents;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Core.Paths;
using Grove.Data.Stores;
using Grove.Services.Review;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Agents;

internal sealed class AgentRuns : IAgentRuns, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, TabRunner> _runners = new(StringComparer.Ordinal);
    private readonly IAgentTabs _tabService;
    private readonly IAgentTabStore _tabs;
    private readonly ITranscriptStore _transcripts;
    private readonly TabRunnerContext _context;
    private readonly IEnumerable<IAgentSessionForker> _forkers;
    private readonly AgentHostEnvironment _host;
    private readonly StaleRunReconciler _reconciler;
    private readonly ReviewCommentDelivery _reviewComments;
    private readonly IWaitingTurnStore _waitingTurns;
    private readonly Analytics.IAnalytics _analytics;

    public AgentRuns(
        IAgentTabs tabService,
        IAgentTabStore tabs,
        IWorkspaceStore workspaces,
        ITranscriptStore transcripts,
        IPermissionRuleStore rules,
        ISettingsStore settings,
        IAgentDrivers drivers,
        AgentAuthProvider auth,
        TabEventHub hub,
        TranscriptCommitter committer,
        AgentRunOptions options,
        GrovePaths paths,
        TimeProvider time,
        IEnumerable<IAgentSessionForker> forkers,
        AgentHostEnvironment host,
        StaleRunReconciler reconciler,
        ReviewCommentDelivery reviewComments,
        Mcp.McpRunConfig mcp,
        Checkpoints.TurnCheckpoints checkpoints,
        Admission.TurnGate gate,
        Budgets.BudgetService budgets,
        IWaitingTurnStore waitingTurns,
        Analytics.IAnalytics analytics,
        ILogger<AgentRuns> logger)
    {
        _analytics = analytics;
        _reviewComments = reviewComments;
        _reconciler = reconciler;
        _forkers = forkers;
        _host = host;
        _tabService = tabService;
        _tabs = tabs;
        _transcripts = transcripts;
        Events = hub;
        _context = new TabRunnerContext(tabs, workspaces, transcripts, rules, settings, drivers, auth, hub, committer, new ApprovalRegistry(), options, paths, mcp, time, logger, checkpoints, gate, budgets, waitingTurns)
        {
            OnBudgetReached = InterruptForBudgetAsync,
        };
        _waitingTurns = waitingTurns;
    }

    public TabEventHub Events { get; }

    public Task<SendOutcome> SendAsync(string tab, string text, CancellationToken cancellationToken = default) =>
        SendAsync(tab, text, null, cancellationToken);

    public async Task<SendOutcome> SendAsync(string tab, string text, IReadOnlyList<MessageImage>? images, CancellationToken cancellationToken = default)
    {
        var checkedImages = MessageImages.ToAgentImages(images);
        var resolved = await _tabService.ResolveAsync(tab, cancellationToken);

        // Every message, from every front end, passes here: the workspace's pending review comments go with it.
        var outcome = await _reviewComments.SendAsync(
            resolved.WorkspaceId, text, message => RunnerFor(resolved.Id).SendAsync(message, checkedImages, cancellationToken), cancellationToken);
        _analytics.Track(Analytics.AnalyticsEvents.MessageSent, new Dictionary<string, object>
        {
            ["agent_kind"] = resolved.AgentKind,
            ["mode"] = resolved.Mode.ToString().ToLowerInvariant(),
            ["has_images"] = checkedImages.Count > 0,
        });
        return outcome;
    }

    public IReadOnlyList<QueuedMessage> GetQueued(string tabId) =>
        _runners.TryGetValue(tabId, out var runner) ? runner.Queued : [];

    public async Task<bool> RemoveQueuedAsync(string tab, string queuedId, CancellationToken cancellationToken = default)
    {
        var resolved = await _tabService.ResolveAsync(tab, cancellationToken);
        return _runners.TryGetValue(resolved.Id, out var runner) && await runner.RemoveQueuedAsync(queuedId, cancellationToken);
    }

    public async Task ClearSessionAsync(string tab, CancellationToken cancellationToken = default)
    {
        var resolved = await _tabService.ResolveAsync(tab, cancellationToken);
        if (IsBusy(resolved.Id))
        {
            throw new GroveException(ErrorKind.Conflict, $"Tab '{resolved.Name}' is running a turn; stop it before clearing.");
        }

        if (_runners.TryRemove(resolved.Id, out var runner))
        {
            await runner.DisposeAsync();
        }

        var current = await _tabs.GetAsync(resolved.Id, cancellationToken) ?? resolved;
        await _tabs.UpdateAsync(current with { SessionId = null, Status = AgentTabStatus.Idle, LastError = null, ParkedAt = null, UpdatedAt = _context.Time.GetUtcNow() }, cancellationToken);
        var notice = new SystemEvent(ClearedNotice.Subtype, System.Text.Json.JsonSerializer.SerializeToElement(new { message = ClearedNotice.Message, cleared = true }));
        var stored = await _transcripts.AppendAsync(notice.ToTranscriptEvent(resolved.Id, _context.Time.GetUtcNow()) with { Text = ClearedNotice.Message }, cancellationToken);
        Events.Publish(LiveEvent.From(stored));
        Events.Publish(new LiveEvent(resolved.Id, null, TabEventHub.StatusKind, """{"status":"idle"}""", _context.Time.GetUtcNow()));
    }

    public async Task AnswerAsync(string requestId, ApprovalAnswer answer, CancellationToken cancellationToken = default)
    {
        var runner = _context.Approvals.Find(requestId)
            ?? throw new GroveException(ErrorKind.NotFound, $"No pending approval '{requestId}'. 'grove approvals' lists the pending ones.");
        await runner.AnswerAsync(requestId, answer, cancellationToken);
    }

    public async Task InterruptAsync(string tab, CancellationToken cancellationToken = default)
    {
        var resolved = await _tabService.ResolveAsync(tab, cancellationToken);
        if (_runners.TryGetValue(resolved.Id, out var runner))
        {
            await runner.InterruptAsync(cancellationToken);
        }
    }

    public IReadOnlyList<PendingApproval> GetPending(string? tabId = null) =>
        [.. _runners.Values.Where(r => tabId is null || r.TabId == tabId).SelectMany(r => r.Pending).OrderBy(p => p.Since)];

    public bool IsBusy(string tabId) => _runners.TryGetValue(tabId, out var runner) && runner.IsBusy;

    public int? ProcessIdOf(string tabId) => _runners.TryGetValue(tabId, out var runner) ? runner.ProcessId : null;

    public IReadOnlyList<RunningAgent> RunningAgents() =>
        [.. _runners.Values.Select(r => (r.TabId, Pid: r.ProcessId)).Where(x => x.Pid is not null).Select(x => new RunningAgent(x.TabId, x.Pid!.Value))];

    public async Task<int> RecoverAsync(CancellationToken cancellationToken = default)
    {
        AgentLogJanitor.Clean(_context.Paths, _context.Time);
        return await _reconciler.ReconcileAsync(cancellationToken);
    }

    public async Task<AgentTab> ForkAsync(string tab, long atSequence, string? name = null, CancellationToken cancellationToken = default)
    {
        var source = await _tabService.ResolveAsync(tab, cancellationToken);
        var count = await _transcripts.CountAsync(source.Id, cancellationToken);
        if (atSequence < 1 || atSequence > count)
        {
            throw new GroveException(
                ErrorKind.InvalidInput,
                count == 0
                    ? $"Tab '{source.Name}' has no events yet; there is nothing to fork."
                    : $"Tab '{source.Name}' has events #1 to #{count}; #{atSequence} is not one of them (see 'grove log <tab> --numbers').");
        }

        var history = new List<TranscriptEvent>();
        for (long after = 0; ;)
        {
            var page = await _transcripts.ReadAsync(source.Id, after, 1000, cancellationToken);
            history.AddRange(page.Where(e => e.Sequence <= atSequence));
            if (page.Count < 1000 || page[^1].Sequence >= atSequence)
            {
                break;
            }

            after = page[^1].Sequence;
        }

        // The fork point is the last complete assistant message at or before the chosen event.
        var messageId = history
            .Where(e => e.Kind == AgentEventKinds.Text)
            .Select(e => ((TextEvent)AgentEventJson.Deserialize(e.PayloadJson)).MessageId)
            .LastOrDefault()
            ?? throw new GroveException(ErrorKind.InvalidInput, $"There is no assistant message at or before event #{atSequence} of '{source.Name}' to fork from.");
        if (source.SessionId is null)
        {
            throw new GroveException(ErrorKind.Conflict, $"Tab '{source.Name}' has no agent session yet.");
        }

        var forker = _forkers.FirstOrDefault(f => f.Kind == source.AgentKind)
            ?? throw new GroveException(ErrorKind.InvalidInput, $"Agents of kind '{source.AgentKind}' cannot be forked.");
        var home = _context.Options.ExtraEnvironment.GetValueOrDefault("HOME") ?? _host.HomeDirectory;
        var sessionId = await forker.ForkAsync(home, source.SessionId, messageId, cancellationToken);

        var workspace = await _context.Workspaces.GetAsync(source.WorkspaceId, cancellationToken)
            ?? throw new GroveException(ErrorKind.NotFound, "The workspace of this tab is gone.");
        var fork = await _tabService.CreateAsync(
            new CreateTabRequest { Workspace = workspace.Id, Name = name ?? $"{source.Name}-fork-{atSequence}", Mode = source.Mode, Model = source.Model, PermissionMode = source.PermissionMode, AgentKind = source.AgentKind },
            cancellationToken);
        fork = fork with { SessionId = sessionId };
        await _tabs.UpdateAsync(fork, cancellationToken);
        await _transcripts.AppendManyAsync([.. history.Select(e => e with { TabId = fork.Id })], cancellationToken);
        return fork;
    }

    public async Task<int> ResumeWaitingAsync(CancellationToken cancellationToken = default)
    {
        var waiting = await _waitingTurns.ListAsync(cancellationToken: cancellationToken);
        var tabs = new List<AgentTab>();
        foreach (var tabId in waiting.Select(w => w.TabId).Distinct(StringComparer.Ordinal))
        {
            if (await _tabs.GetAsync(tabId, cancellationToken) is { } tab)
            {
                tabs.Add(tab);
            }
        }

        // Tabs that waited for a slot ask again in the order they first asked; the rest keep their messages held.
        foreach (var tab in tabs.OrderBy(t => t.WaitingSince ?? DateTimeOffset.MaxValue))
        {
            var askForSlot = tab.WaitingSince is not null;
            if (askForSlot)
            {
                await _tabs.UpdateAsync(tab with { WaitingSince = null, UpdatedAt = _context.Time.GetUtcNow() }, cancellationToken);
            }

            await RunnerFor(tab.Id).ResumeAsync([.. waiting.Where(w => w.TabId == tab.Id)], askForSlot, cancellationToken);
        }

        return waiting.Count;
    }

    public async Task StopAsync(string tab, CancellationToken cancellationToken = default)
    {
        var resolved = await _tabService.ResolveAsync(tab, cancellationToken);
        if (_runners.TryRemove(resolved.Id, out var runner))
        {
            await runner.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Shutting down: a turn that ends now must not hand its slot to a waiting tab (that one waits for the restart).
        _context.Gate.Close();
        foreach (var runner in _runners.Values)
        {
            await runner.DisposeAsync();
        }

        _runners.Clear();
    }

    /// <summary>With <c>budgets.interrupt_running</c> on: running turns in the used-up budgets' reach are interrupted.</summary>
    private async Task InterruptForBudgetAsync(string finishedTabId, IReadOnlyList<Core.Budgets.BudgetStatus> reached)
    {
        if (await _context.Settings.GetAsync(SettingKeys.BudgetsInterruptRunning, CancellationToken.None) != "true")
        {
            return;
        }

        foreach (var runner in _runners.Values.Where(r => r.TabId != finishedTabId && r.IsBusy))
        {
            var tab = await _tabs.GetAsync(runner.TabId, CancellationToken.None);
            var workspace = tab is null ? null : await _context.Workspaces.GetAsync(tab.WorkspaceId, CancellationToken.None);
            if (workspace is not null && reached.Any(b => b.Scope switch
            {
                Core.Budgets.BudgetScope.Workspace => b.TargetId == workspace.Id,
                Core.Budgets.BudgetScope.Project => b.TargetId == workspace.ProjectId,
                _ => true,
            }))
            {
                await runner.InterruptAsync(CancellationToken.None);
            }
        }
    }

    private TabRunner RunnerFor(string tabId) => _runners.GetOrAdd(tabId, id => new TabRunner(id, _context));
}
