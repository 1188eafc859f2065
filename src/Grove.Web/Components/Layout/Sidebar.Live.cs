using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Services.Agents;
using Grove.Services.Changes;
using Grove.Services.Lists;
using Grove.Web.Components.Workspaces;
using Microsoft.Extensions.Logging;

namespace Grove.Web.Components.Layout;

/// <summary>
/// The sidebar's background work: every tab's status, a live feed (<see cref="IWorkspaceFeeds"/>) of
/// files and totals for each watched workspace, and throttled recounts of the others.
/// </summary>
public sealed partial class Sidebar : IAsyncDisposable
{
    /// <summary>
    /// Follows every tab's status. Statuses are applied in batches, one render per
    /// <see cref="StatusBatchDelay"/> at most: when many agents start or end their turns together
    /// (a hundred at once), each open page renders its sidebar a few times, not once per tab.
    /// </summary>
    private async Task StatusLoopAsync(CancellationToken cancellationToken)
    {
        await foreach (var live in Runs.Events.SubscribeStatusAsync(cancellationToken))
        {
            lock (_statusInbox)
            {
                _statusInbox.Add(live);
            }

            if (Interlocked.Exchange(ref _statusBatchScheduled, 1) == 0)
            {
                _ = ApplyStatusesLaterAsync(cancellationToken);
            }
        }
    }

    private async Task ApplyStatusesLaterAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(StatusBatchDelay, Time, cancellationToken);
            Volatile.Write(ref _statusBatchScheduled, 0);
            await InvokeAsync(() => ApplyStatusesAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException)
        {
            // The circuit is gone.
        }
    }

    private async Task ApplyStatusesAsync(CancellationToken cancellationToken)
    {
        LiveEvent[] batch;
        lock (_statusInbox)
        {
            batch = [.. _statusInbox];
            _statusInbox.Clear();
        }

        var changed = false;
        var settled = new List<string>();
        foreach (var live in batch)
        {
            if (WorkspaceActivity.ParseStatus(live.PayloadJson) is not { } status)
            {
                continue;
            }

            if (!_activity.Knows(live.TabId))
            {
                try
                {
                    _activity.Track(await Tabs.ResolveAsync(live.TabId, cancellationToken));
                }
                catch (GroveException)
                {
                    continue; // a tab deleted since
                }
            }

            var workspaceId = _activity.Apply(live.TabId, status, _currentWorkspaceId);
            changed = true;
            if (workspaceId is not null && status is not AgentTabStatus.Running)
            {
                // A turn ended or paused: its edits are worth counting now (a watched, unchanged work tree costs no git).
                settled.Add(workspaceId);
            }
        }

        if (!changed || _disposed)
        {
            return;
        }

        _activity.SetPending(Runs.GetPending());
        if (settled.Count > 0)
        {
            MarkDirty(settled);
        }

        StateHasChanged();
    }

    /// <summary>Recomputes the counts of workspaces marked dirty, then rests: at most one pass per interval.</summary>
    private async Task ChangesLoopAsync(CancellationToken cancellationToken)
    {
        while (await _refresh.Reader.WaitToReadAsync(cancellationToken))
        {
            _refresh.Reader.TryRead(out _);
            HashSet<string> ids;
            lock (_dirty)
            {
                ids = [.. _dirty];
                _dirty.Clear();
            }

            var targets = _workspaces.Where(w => ids.Contains(w.Id) && !w.IsArchived).ToList();
            if (targets.Count > 0)
            {
                try
                {
                    var totals = await Changes.GetTotalsAsync(targets, cancellationToken);
                    await InvokeAsync(() =>
                    {
                        foreach (var counted in totals)
                        {
                            _changes[counted.WorkspaceId] = counted;
                        }

                        StateHasChanged();
                    });
                }
                catch (GroveException ex)
                {
                    Logger.LogWarning("Could not read the changes of {Count} workspace(s): {Error}", targets.Count, ex.Message);
                }
            }

            await Task.Delay(ChangesRefreshInterval, cancellationToken);
        }
    }

    /// <summary>
    /// The shared list read something new (a page or the API changed it, or its poll found the CLI's
    /// direct writes): every open page shows it, and renders only if what it shows changed.
    /// </summary>
    private void OnListChanged(WorkspaceListSnapshot read) => _ = InvokeAsync(() =>
    {
        if (_disposed)
        {
            return;
        }

        var before = ListShown();
        Show(read);
        SyncWatches();
        MarkDirty(StaleCounts());
        if (!before.SameAs(ListShown()))
        {
            StateHasChanged();
        }
    });

    /// <summary>Workspaces that can't be watched are recounted once their counts are older than <see cref="UnwatchedRefreshInterval"/>.</summary>
    private async Task StaleCountsLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(StaleCheckInterval, Time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            await InvokeAsync(() =>
            {
                if (!_disposed)
                {
                    MarkDirty(StaleCounts());
                }
            });
        }
    }

    private ListSnapshot ListShown() => new(_projects, _workspaces, [.. _workspaces.Select(w => _activity.StatusOf(w.Id))]);

    /// <summary>What the list shows of the stored projects, workspaces and tab statuses (records compare by value).</summary>
    private sealed record ListSnapshot(IReadOnlyList<Project>? Projects, IReadOnlyList<Workspace> Workspaces, WorkspaceStatus[] Statuses)
    {
        public bool SameAs(ListSnapshot other) =>
            Projects is not null && other.Projects is not null && Projects.SequenceEqual(other.Projects)
            && Workspaces.SequenceEqual(other.Workspaces) && Statuses.AsSpan().SequenceEqual(other.Statuses);
    }

    private void MarkDirty(IEnumerable<string> workspaceIds)
    {
        lock (_dirty)
        {
            _dirty.UnionWith(workspaceIds);
            if (_dirty.Count == 0)
            {
                return;
            }
        }

        _refresh.Writer.TryWrite(true);
    }

    /// <summary>
    /// Watches the files of every active workspace shown, through the shared feeds: one watcher per
    /// work tree for the whole process (<see cref="WorkspaceWatchHub"/>, on the process's one inotify
    /// instance), so a count is read again only when its workspace's watcher fires and an idle
    /// sidebar runs no git. A workspace that can't be watched is recounted when a turn ends, and by
    /// the list refresh once its count is older than <see cref="UnwatchedRefreshInterval"/>.
    /// </summary>
    private void SyncWatches()
    {
        if (_disposed)
        {
            return;
        }

        var wanted = _workspaces.Where(w => !w.IsArchived).ToDictionary(w => w.Id, StringComparer.Ordinal);
        foreach (var id in _changes.Keys.Where(id => !wanted.ContainsKey(id)).ToList())
        {
            _changes.Remove(id);
        }

        foreach (var id in _watches.Keys.Where(id => !wanted.ContainsKey(id)).ToList())
        {
            _ = _watches[id]?.DisposeAsync().AsTask();
            _watches.Remove(id);
        }

        foreach (var workspace in wanted.Values.Where(w => !_watches.ContainsKey(w.Id)))
        {
            try
            {
                // Files and totals only: the statuses of every workspace's tabs come from StatusLoopAsync.
                _watches[workspace.Id] = Directory.Exists(workspace.WorktreePath)
                    ? Feeds.Open(workspace, ApplyTotalsAsync, new WorkspaceFeedOptions(TabStatuses: false))
                    : null;
            }
            catch (Exception ex) when (ex is GroveException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                // E.g. the folder is gone (a spent inotify budget only makes the watcher poll): counts still refresh on turn ends and list refreshes.
                Logger.LogWarning("Could not watch {Path}: {Error}", workspace.WorktreePath, ex.Message);
                _watches[workspace.Id] = null;
            }
        }
    }

    /// <summary>A watched workspace's new totals; then rests, so a busy work tree is counted at most once per interval.</summary>
    private async Task ApplyTotalsAsync(WorkspaceFeedUpdate update, CancellationToken cancellationToken)
    {
        if (update.Totals is not { } totals)
        {
            return;
        }

        await InvokeAsync(() =>
        {
            if (!_disposed)
            {
                _changes[totals.WorkspaceId] = totals;
                StateHasChanged();
            }
        });
        await Task.Delay(ChangesRefreshInterval, cancellationToken);
    }

    /// <summary>Workspaces without a watch whose counts are missing or older than <see cref="UnwatchedRefreshInterval"/> (a watched one's feed counts it).</summary>
    private IEnumerable<string> StaleCounts()
    {
        var now = Time.GetUtcNow();
        return _workspaces
            .Where(w => !w.IsArchived && _watches.GetValueOrDefault(w.Id) is null)
            .Where(w => !_changes.TryGetValue(w.Id, out var counted) || now - counted.At >= UnwatchedRefreshInterval)
            .Select(w => w.Id);
    }

    private async Task RunAsync(Func<CancellationToken, Task> loop)
    {
        try
        {
            await loop(_lifetime.Token);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Logger.LogError(ex, "A sidebar refresh loop stopped");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        StopUsage();
        StopUpdates();
        Navigation.LocationChanged -= OnLocationChanged;
        List.Changed -= OnListChanged;
        Commands.Invoked -= OnCommandAsync;
        await _lifetime.CancelAsync();
        foreach (var watch in _watches.Values)
        {
            if (watch is not null)
            {
                await watch.DisposeAsync();
            }
        }

        _watches.Clear();
    }
}
