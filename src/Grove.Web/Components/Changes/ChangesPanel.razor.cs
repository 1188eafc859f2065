using Grove.Core.Changes;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Services.Changes;
using Grove.Services.Workspaces;
using Grove.Web.Changes;
using Grove.Web.State;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;

namespace Grove.Web.Components.Changes;

/// <summary>
/// State and refresh of the changes panel. The first read happens on load; once the circuit is
/// interactive (never during prerender) the panel follows the workspace's live feed
/// (<see cref="IWorkspaceFeeds"/>: file changes through the shared watcher, its tabs' turns ending),
/// which runs one read at a time and merges what happens meanwhile into the next. The refresh
/// button and finished actions ask the feed for a read too. The feed stops with the component.
/// </summary>
public sealed partial class ChangesPanel
{
    /// <summary>How much of a large diff "Show more" reads (still never the whole of a huge one).</summary>
    internal const int LargeDiffMaxChars = DiffPreview.LargeMaxChars;

    private static readonly HashSet<string> TurnEndStatuses = new(StringComparer.Ordinal) { "idle", "needsinput", "error", "interrupted" };

    private readonly CancellationTokenSource _disposed = new();
    private string? _activeId;
    private long _generation;
    private Workspace? _workspace;
    private IWorkspaceFeed? _feed;
    private Task _directRead = Task.CompletedTask;
    private string? _watchedId;
    private TaskCompletionSource _live = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PanelTab _tab = PanelTab.Changes;
    private ChangesView? _view;
    private bool _hasOrigin = true;
    private string? _loadError;
    private ChangesError? _error;
    private bool _refreshing;
    private IReadOnlyList<CommitInfo>? _history;
    private DiffSelection? _selection;
    private string? _diffText;
    private DiffPreview? _diffTruncated;
    private int _diffMaxChars = DiffPreview.DefaultMaxChars;
    private IReadOnlyList<FileDiff>? _diffFiles;
    private string? _diffError;

    private enum PanelTab
    {
        Changes,
        History,
    }

    /// <summary>The open diff: an uncommitted file (against HEAD) or a file the branch committed (against its base).</summary>
    private sealed record DiffSelection(string Path, bool Committed);

    [Parameter, EditorRequired] public string WorkspaceId { get; set; } = "";

    [Inject] private IWorkspaceChanges Changes { get; set; } = null!;

    [Inject] private IWorkspaceService Workspaces { get; set; } = null!;

    /// <summary>Shared with the sidebar and the SSE endpoint: the open workspace is watched once per process.</summary>
    [Inject] private IWorkspaceFeeds Feeds { get; set; } = null!;

    [Inject] private Toasts Toasts { get; set; } = null!;

    [Inject] private TimeProvider Time { get; set; } = null!;

    [Inject] private ILogger<ChangesPanel> Logger { get; set; } = null!;

    /// <summary>Completes once the panel follows the workspace: its feed (watcher and agent turns) started.</summary>
    internal Task Live => _live.Task;

    /// <summary>The read in progress (with any follow-up already asked for), or a completed task.</summary>
    internal Task PendingRefresh => _feed is { } feed ? Task.WhenAll(_directRead, feed.Current) : _directRead;

    private string? SelectedUncommittedPath => _selection is { Committed: false } s ? s.Path : null;

    protected override async Task OnParametersSetAsync()
    {
        if (_activeId != WorkspaceId)
        {
            await LoadWorkspaceAsync();
        }
    }

    /// <summary>Starts over on <see cref="WorkspaceId"/>: fresh state, the first read; the feed follows after the render.</summary>
    private async Task LoadWorkspaceAsync()
    {
        // Forget the old workspace first: a render while its feed stops must not follow it again.
        _activeId = WorkspaceId;
        var generation = ++_generation;
        ResetState();
        if (_live.Task.IsCompleted)
        {
            _live = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        await StopFollowingAsync();
        try
        {
            _workspace = await Workspaces.ResolveAsync(WorkspaceId, _disposed.Token);
        }
        catch (GroveException ex)
        {
            _loadError = ex.Message;
            return;
        }

        if (generation != _generation)
        {
            return;
        }

        _directRead = ReadAsync(generation, _disposed.Token);
        await _directRead;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_watchedId != _activeId && _workspace is not null)
        {
            _watchedId = _activeId;
            StartFollowing(_workspace, _generation);
            _live.TrySetResult();
        }

        await base.OnAfterRenderAsync(firstRender);
    }

    /// <summary>Asks for a read: through the feed once it runs (one read at a time), directly before.</summary>
    private Task RequestRefresh() => _feed?.Refresh() ?? (_directRead = ReadAsync(_generation, _disposed.Token));

    /// <summary>One read; a failure is shown in the panel, not thrown.</summary>
    private async Task ReadAsync(long generation, CancellationToken cancellationToken)
    {
        try
        {
            await RefreshAsync(generation, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The panel moved on or is gone.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            OnRefreshFailed(generation, ex);
        }
    }

    /// <summary>Reads everything the panel shows, then applies it on the renderer's thread.</summary>
    private async Task RefreshAsync(long generation, CancellationToken cancellationToken)
    {
        var workspace = _workspace!;
        await InvokeAsync(() => SetRefreshing(generation, true));
        try
        {
            var statusTask = Changes.GetStatusAsync(workspace.Id, cancellationToken);
            var uncommittedTask = Changes.GetUncommittedDiffSummaryAsync(workspace.Id, cancellationToken);
            var branchTask = workspace.Mode == WorkspaceMode.Local ? null : Changes.GetDiffSummaryAsync(workspace.Id, cancellationToken);
            var originTask = Changes.HasOriginAsync(workspace.Id, cancellationToken);
            var view = ChangesView.Build(await statusTask, await uncommittedTask, branchTask is null ? null : await branchTask);
            var hasOrigin = await originTask;

            var history = _tab == PanelTab.History ? await Changes.GetHistoryAsync(workspace.Id, cancellationToken: cancellationToken) : null;
            var selectionAtStart = _selection;
            var selection = StillListed(selectionAtStart, view);
            var (diff, diffError) = selection is null ? (null, null) : await ReadDiffAsync(workspace.Id, selection, cancellationToken);

            await InvokeAsync(() =>
            {
                if (generation != _generation)
                {
                    return;
                }

                _view = view;
                _hasOrigin = hasOrigin;
                _loadError = null;
                _history = history ?? _history;
                if (_selection == selectionAtStart)
                {
                    // Unless another file was clicked meanwhile (its own read shows it).
                    _selection = selection;
                    ApplyDiff(diff, diffError);
                }

                _refreshing = false;
                StateHasChanged();
            });
        }
        finally
        {
            await InvokeAsync(() => SetRefreshing(generation, false));
        }
    }

    /// <summary>Reads the selected diff, at most <see cref="_diffMaxChars"/> of it (a huge diff is never read whole).</summary>
    private async Task<(DiffPreview? Diff, string? Error)> ReadDiffAsync(string workspaceId, DiffSelection selection, CancellationToken cancellationToken)
    {
        try
        {
            var diff = selection.Committed
                ? await Changes.GetDiffPreviewAsync(workspaceId, selection.Path, _diffMaxChars, cancellationToken)
                : await Changes.GetUncommittedDiffPreviewAsync(workspaceId, selection.Path, _diffMaxChars, cancellationToken);
            return (diff, null);
        }
        catch (GroveException ex)
        {
            return (null, ex.Message);
        }
    }

    /// <summary>Parses a new diff text; the same text keeps the parsed files (and the view) as they are.</summary>
    private void ApplyDiff(DiffPreview? diff, string? error)
    {
        _diffError = error;
        if (diff is null)
        {
            _diffText = null;
            _diffTruncated = null;
            _diffFiles = _selection is null || error is not null ? null : _diffFiles;
            return;
        }

        _diffTruncated = diff.Truncated ? diff : null;
        if (diff.Text != _diffText || _diffFiles is null)
        {
            _diffText = diff.Text;
            _diffFiles = UnifiedDiffParser.Parse(diff.Text);
        }
    }

    /// <summary>The selected file's line counts as the list shows them (known without reading its diff).</summary>
    private (int Added, int Deleted)? SelectionCounts() => (_selection, _view) switch
    {
        ({ Committed: true } s, { } view) => view.Committed.FirstOrDefault(f => f.Path == s.Path) is { } f ? (f.Added, f.Deleted) : null,
        ({ } s, { } view) => view.Staged.Concat(view.Unstaged).Where(f => f.Path == s.Path).Select(f => (f.Added, f.Deleted)).FirstOrDefault(),
        _ => null,
    };

    private static string Size(long chars) => chars switch
    {
        >= 1024 * 1024 => $"{chars / (1024.0 * 1024):0.#} MB",
        >= 1024 => $"{chars / 1024.0:0} KB",
        _ => $"{chars} bytes",
    };

    private static DiffSelection? StillListed(DiffSelection? selection, ChangesView view) => selection switch
    {
        null => null,
        { Committed: true } => view.Committed.Any(f => f.Path == selection.Path) ? selection : null,
        _ => view.Staged.Concat(view.Unstaged).Any(f => f.Path == selection.Path) ? selection : null,
    };

    private void SetRefreshing(long generation, bool refreshing)
    {
        if (generation == _generation && _refreshing != refreshing)
        {
            _refreshing = refreshing;
            StateHasChanged();
        }
    }

    private void OnRefreshFailed(long generation, Exception exception)
    {
        if (exception is not GroveException)
        {
            LogRefreshFailed(Logger, exception, WorkspaceId);
        }

        _ = InvokeAsync(() =>
        {
            if (generation == _generation)
            {
                _loadError = exception is GroveException ? exception.Message : $"Could not read the changes: {exception.Message}";
                StateHasChanged();
            }
        });
    }

    /// <summary>Follows the workspace's feed: files (when the worktree can be watched) and its tabs' turns; the feed's first update is the catch-up read.</summary>
    private void StartFollowing(Workspace workspace, long generation)
    {
        Task OnUpdateAsync(WorkspaceFeedUpdate update, CancellationToken cancellationToken) =>
            update.Recount || update.Tabs.Any(t => t.Status is { } status && TurnEndStatuses.Contains(status))
                ? ReadAsync(generation, cancellationToken)
                : Task.CompletedTask;

        try
        {
            _feed = Feeds.Open(workspace, OnUpdateAsync, new WorkspaceFeedOptions(Totals: false));
        }
        catch (Exception ex) when (ex is GroveException or IOException or UnauthorizedAccessException)
        {
            // A missing worktree or a folder without git: agent turns and the refresh button still read again.
            // (Running out of inotify watches is not a failure: the watcher polls instead.)
            LogWatchFailed(Logger, ex, workspace.WorktreePath);
            _feed = Feeds.Open(workspace, OnUpdateAsync, new WorkspaceFeedOptions(WatchFiles: false, Totals: false));
        }
    }

    private void ResetState()
    {
        _workspace = null;
        _view = null;
        _loadError = null;
        _error = null;
        _history = null;
        _selection = null;
        _diffText = null;
        _diffTruncated = null;
        _diffMaxChars = DiffPreview.DefaultMaxChars;
        _diffFiles = null;
        _diffError = null;
        _message = "";
        _confirmDiscard = null;
        _busy = null;
        _progress = null;
        _tab = PanelTab.Changes;
    }

    private async Task StopFollowingAsync()
    {
        _watchedId = null;
        if (_feed is not null)
        {
            var feed = _feed;
            _feed = null;
            await feed.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _generation++;
        await _disposed.CancelAsync();
        await StopFollowingAsync();

        // Cancelled but not disposed: a handler still finishing may read its token.
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the changes of workspace {WorkspaceId} failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, string workspaceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Not watching {WorktreePath} for changes")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception, string worktreePath);
}
