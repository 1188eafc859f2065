using System.Text.Json;
using Grove.Core.Domain;
using Grove.Data.Stores;
using Grove.Git.Watching;
using Grove.Services.Agents;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Changes;

/// <summary>
/// One subscriber's feed of a workspace. Whatever arrives (watcher bursts on the watcher's timer,
/// tab statuses from the hub, refresh requests) is merged into the waiting state and never blocks;
/// one run at a time takes that state, reads the totals if due and calls the consumer, so bursts
/// that arrive meanwhile cost one more call, not one each.
/// </summary>
internal sealed partial class WorkspaceFeed : IWorkspaceFeed
{
    private const int MaxPaths = 500;

    private readonly Workspace _workspace;
    private readonly Func<WorkspaceFeedUpdate, CancellationToken, Task> _onUpdate;
    private readonly WorkspaceFeedOptions _options;
    private readonly IWorkspaceChanges _changes;
    private readonly IAgentTabStore _tabs;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SortedSet<string> _paths = new(StringComparer.Ordinal);
    private readonly List<WorkspaceTabStatusEvent> _tabStatuses = [];
    private readonly HashSet<string> _otherTabs = new(StringComparer.Ordinal);
    private WorkspaceChangeKinds _kinds;
    private bool _recount = true;
    private bool _running;
    private bool _stopping;
    private Task _current = Task.CompletedTask;
    private IAsyncDisposable? _watch;
    private Task _tabPump = Task.CompletedTask;

    private WorkspaceFeed(
        Workspace workspace, Func<WorkspaceFeedUpdate, CancellationToken, Task> onUpdate, WorkspaceFeedOptions options,
        IWorkspaceChanges changes, IAgentTabStore tabs, TimeProvider time, ILogger logger)
    {
        _workspace = workspace;
        _onUpdate = onUpdate;
        _options = options;
        _changes = changes;
        _tabs = tabs;
        _time = time;
        _logger = logger;
    }

    public static WorkspaceFeed Start(
        Workspace workspace, Func<WorkspaceFeedUpdate, CancellationToken, Task> onUpdate, WorkspaceFeedOptions options,
        WorkspaceWatchHub watchers, IWorkspaceChanges changes, IAgentTabStore tabs, TabEventHub hub, TimeProvider time, ILogger logger)
    {
        var feed = new WorkspaceFeed(workspace, onUpdate, options, changes, tabs, time, logger);
        if (options.WatchFiles)
        {
            try
            {
                feed._watch = watchers.Watch(workspace.WorktreePath, feed.OnFilesChanged);
            }
            catch
            {
                feed._stop.Dispose();
                throw;
            }
        }

        if (options.TabStatuses)
        {
            // Registers with the hub before returning (the iterator runs up to its first wait synchronously).
            feed._tabPump = feed.PumpTabStatusesAsync(hub.SubscribeStatusAsync(feed._stop.Token));
        }

        _ = feed.Request();
        return feed;
    }

    public Task Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public Task Refresh()
    {
        lock (_gate)
        {
            _recount = true;
        }

        return Request();
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            // No run starts after this; the token is cancelled outside the lock (its callbacks may run inline).
            _stopping = true;
        }

        await _stop.CancelAsync();

        if (_watch is not null)
        {
            await _watch.DisposeAsync();
        }

        await _tabPump;
        try
        {
            await Current;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The run reported its own failure; disposing only waits for it.
        }

        // Cancelled, not disposed: a consumer still finishing may read the token.
    }

    /// <summary>Called by the watcher (on its timer thread): merge into what is waiting, never block.</summary>
    private void OnFilesChanged(WorkspaceChange change)
    {
        lock (_gate)
        {
            _kinds |= change.Kinds;
            foreach (var path in change.Paths)
            {
                if (_paths.Count >= MaxPaths)
                {
                    break;
                }

                _paths.Add(path);
            }

            _recount = true;
        }

        _ = Request();
    }

    private Task Request()
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return Task.CompletedTask;
            }

            if (!_running)
            {
                _running = true;
                _current = Task.Run(RunAsync);
            }

            return _current;
        }
    }

    private async Task RunAsync()
    {
        while (Take() is { } update)
        {
            try
            {
                if (update.Recount && _options.Totals)
                {
                    update = update with { Totals = await TotalsAsync(_stop.Token) };
                }

                await _onUpdate(update, _stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // Disposed meanwhile: nobody to tell.
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogUpdateFailed(_logger, ex, _workspace.Id);
            }
        }
    }

    /// <summary>The merged state, or null (and the run ends) when nothing is due.</summary>
    private WorkspaceFeedUpdate? Take()
    {
        lock (_gate)
        {
            if (_stopping || (_kinds == WorkspaceChangeKinds.None && _tabStatuses.Count == 0 && !_recount))
            {
                _running = false;
                return null;
            }

            FilesChangedEvent? files = null;
            if (_kinds != WorkspaceChangeKinds.None)
            {
                files = new FilesChangedEvent(_workspace.Id, KindNames(_kinds), [.. _paths], _time.GetUtcNow());
                _kinds = WorkspaceChangeKinds.None;
                _paths.Clear();
            }

            var update = new WorkspaceFeedUpdate(files, [.. _tabStatuses], _recount, null);
            _tabStatuses.Clear();
            _recount = false;
            return update;
        }
    }

    private async Task<WorkspaceTotals> TotalsAsync(CancellationToken cancellationToken) =>
        (await _changes.GetTotalsAsync([_workspace], cancellationToken))[0];

    /// <summary>Keeps the statuses of this workspace's tabs (a newer one replaces one still waiting); other tabs are remembered and skipped.</summary>
    private async Task PumpTabStatusesAsync(IAsyncEnumerable<LiveEvent> statuses)
    {
        try
        {
            await foreach (var live in statuses)
            {
                if (_otherTabs.Contains(live.TabId))
                {
                    continue;
                }

                var tab = await _tabs.GetAsync(live.TabId, _stop.Token);
                if (tab is null || tab.WorkspaceId != _workspace.Id)
                {
                    _otherTabs.Add(live.TabId);
                    continue;
                }

                var status = new WorkspaceTabStatusEvent(_workspace.Id, tab.Id, tab.Name, StatusOf(live.PayloadJson), live.At);
                lock (_gate)
                {
                    _tabStatuses.RemoveAll(s => s.TabId == tab.Id);
                    _tabStatuses.Add(status);
                }

                _ = Request();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed: the pump ends with the feed.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The file events still flow; only the tab statuses stop for this feed.
            LogTabStatusesFailed(_logger, ex, _workspace.Id);
        }
    }

    private static string? StatusOf(string payloadJson)
    {
        try
        {
            using var payload = JsonDocument.Parse(payloadJson);
            return payload.RootElement.TryGetProperty("status", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static List<string> KindNames(WorkspaceChangeKinds kinds) =>
        [.. Enum.GetValues<WorkspaceChangeKinds>()
            .Where(k => k != WorkspaceChangeKinds.None && kinds.HasFlag(k))
            .Select(k => JsonNamingPolicy.CamelCase.ConvertName(k.ToString()))];

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live update of workspace {WorkspaceId} failed")]
    private static partial void LogUpdateFailed(ILogger logger, Exception exception, string workspaceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tab statuses stopped for a live feed of workspace {WorkspaceId}")]
    private static partial void LogTabStatusesFailed(ILogger logger, Exception exception, string workspaceId);
}
