using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Grove.Core.Domain;
using Grove.Data.Stores;
using Grove.Git.Watching;
using Grove.Server.Api;
using Grove.Services.Agents;
using Grove.Services.Changes;

namespace Grove.Server.Streaming;

/// <summary>One event of a workspace stream: its SSE kind and data.</summary>
internal readonly record struct WorkspaceFeedEvent(string Kind, string DataJson);

/// <summary>
/// One client's view of a workspace: bursts from the shared worktree watcher, the statuses of the
/// workspace's tabs, and the change summary after each burst (and once at the start). The queue is
/// bounded by construction: bursts the client has not taken yet merge into one, a tab's newer status
/// replaces the one still waiting, and the summary is computed only when the client is ready for it,
/// so a slow client gets the latest state, never a backlog.
/// </summary>
internal sealed partial class WorkspaceEventFeed : IAsyncDisposable
{
    public const string FilesChangedKind = "files_changed";
    public const string StatusKind = "status";
    public const string TabStatusKind = TabEventHub.StatusKind;

    private const int MaxPaths = 500;

    private readonly Workspace _workspace;
    private readonly IWorkspaceChanges _changes;
    private readonly IAgentTabStore _tabs;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SortedSet<string> _paths = new(StringComparer.Ordinal);
    private readonly List<WorkspaceTabStatusEvent> _tabStatuses = [];
    private readonly HashSet<string> _otherTabs = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private WorkspaceChangeKinds _kinds;
    private bool _summaryDue = true;
    private IAsyncDisposable? _watch;
    private Task _tabPump = Task.CompletedTask;

    private WorkspaceEventFeed(Workspace workspace, IWorkspaceChanges changes, IAgentTabStore tabs, ILogger logger, TimeProvider time)
    {
        _workspace = workspace;
        _changes = changes;
        _tabs = tabs;
        _logger = logger;
        _time = time;
    }

    /// <summary>Subscribes to the worktree watcher and the tab statuses now; throws (nothing held) when the worktree can't be watched.</summary>
    public static WorkspaceEventFeed Start(
        Workspace workspace, WorkspaceWatchHub watchers, IWorkspaceChanges changes, IAgentTabStore tabs, TabEventHub hub, ILogger logger, TimeProvider time)
    {
        var feed = new WorkspaceEventFeed(workspace, changes, tabs, logger, time);
        try
        {
            feed._watch = watchers.Watch(workspace.WorktreePath, feed.OnChange);
        }
        catch
        {
            feed._stop.Dispose();
            throw;
        }

        // Registers with the hub before returning (the iterator runs up to its first wait synchronously).
        feed._tabPump = feed.PumpTabStatusesAsync(hub.SubscribeStatusAsync(feed._stop.Token));
        return feed;
    }

    /// <summary>The events, in the order they became due, until cancelled.</summary>
    public async IAsyncEnumerable<WorkspaceFeedEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var (change, statuses, summaryDue) = Take();
            if (change is not null)
            {
                yield return Event(FilesChangedKind, change);
            }

            foreach (var status in statuses)
            {
                yield return Event(TabStatusKind, status);
            }

            if (summaryDue)
            {
                yield return Event(StatusKind, await SummaryAsync(cancellationToken));
            }

            if (change is null && statuses.Count == 0 && !summaryDue)
            {
                await _wake.Reader.ReadAsync(cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_watch is not null)
        {
            await _watch.DisposeAsync();
        }

        await _stop.CancelAsync();
        await _tabPump;
        _stop.Dispose();
    }

    /// <summary>Called by the watcher (on its timer thread): merge into what is waiting, never block.</summary>
    private void OnChange(WorkspaceChange change)
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

            _summaryDue = true;
        }

        _wake.Writer.TryWrite(true);
    }

    private (FilesChangedEvent? Change, List<WorkspaceTabStatusEvent> Statuses, bool SummaryDue) Take()
    {
        lock (_gate)
        {
            FilesChangedEvent? change = null;
            if (_kinds != WorkspaceChangeKinds.None)
            {
                change = new FilesChangedEvent(_workspace.Id, KindNames(_kinds), [.. _paths], _time.GetUtcNow());
                _kinds = WorkspaceChangeKinds.None;
                _paths.Clear();
            }

            var statuses = _tabStatuses.ToList();
            _tabStatuses.Clear();
            var summaryDue = _summaryDue;
            _summaryDue = false;
            return (change, statuses, summaryDue);
        }
    }

    private async Task<WorkspaceStatusEvent> SummaryAsync(CancellationToken cancellationToken)
    {
        var summary = (await _changes.GetSummariesAsync([_workspace], cancellationToken))[0];
        return new WorkspaceStatusEvent(
            _workspace.Id,
            summary.Status?.Branch.Head,
            summary.Diff?.Files.Count ?? summary.Status?.Files.Count ?? 0,
            summary.Diff?.Files.Sum(f => f.Added) ?? 0,
            summary.Diff?.Files.Sum(f => f.Deleted) ?? 0,
            summary.Status?.Branch.Ahead ?? 0,
            summary.Status?.Branch.Behind ?? 0,
            summary.Error,
            _time.GetUtcNow());
    }

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

                _wake.Writer.TryWrite(true);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The client left: DisposeAsync stopped the pump.
        }
        catch (Exception ex)
        {
            // The file events still flow; only the tab statuses stop for this client.
            LogTabStatusesFailed(_logger, ex, _workspace.Id);
        }
    }

    private static string? StatusOf(string payloadJson)
    {
        using var payload = JsonDocument.Parse(payloadJson);
        return payload.RootElement.TryGetProperty("status", out var value) ? value.GetString() : null;
    }

    private static List<string> KindNames(WorkspaceChangeKinds kinds) =>
        [.. Enum.GetValues<WorkspaceChangeKinds>()
            .Where(k => k != WorkspaceChangeKinds.None && kinds.HasFlag(k))
            .Select(k => JsonNamingPolicy.CamelCase.ConvertName(k.ToString()))];

    private static WorkspaceFeedEvent Event<T>(string kind, T data) => new(kind, JsonSerializer.Serialize(data, JsonSerializerOptions.Web));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tab statuses stopped for a workspace event stream of {WorkspaceId}")]
    private static partial void LogTabStatusesFailed(ILogger logger, Exception exception, string workspaceId);
}
