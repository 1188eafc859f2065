using System.Text.Json;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Git.Changes;
using Grove.Services.Agents;
using Grove.Services.Changes;
using Grove.Services.Workspaces;
using Grove.Web.Changes;
using Grove.Web.State;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;

namespace Grove.Web.Components.Changes;

/// <summary>
/// State and refresh of the changes panel. One read (status, uncommitted and branch numstat, the
/// open diff, the history when shown) runs at a time; file events, agent turns ending and the
/// refresh button only ask for one (<see cref="CoalescingRefresher"/>). Watching starts once the
/// circuit is interactive (never during prerender) and stops with the component.
/// </summary>
public sealed partial class ChangesPanel
{
    private static readonly HashSet<string> TurnEndStatuses = new(StringComparer.Ordinal) { "idle", "needsinput", "error", "interrupted" };

    private readonly CancellationTokenSource _disposed = new();
    private string? _activeId;
    private long _generation;
    private Workspace? _workspace;
    private CoalescingRefresher? _refresher;
    private IAsyncDisposable? _watch;
    private string? _watchedId;
    private Task? _agentTurns;
    private TaskCompletionSource _live = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PanelTab _tab = PanelTab.Changes;
    private ChangesView? _view;
    private string? _loadError;
    private ChangesError? _error;
    private bool _refreshing;
    private IReadOnlyList<CommitInfo>? _history;
    private DiffSelection? _selection;
    private string? _diffText;
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

    [Inject] private IAgentRuns Runs { get; set; } = null!;

    [Inject] private IAgentTabs Tabs { get; set; } = null!;

    /// <summary>Shared with the sidebar: the open workspace is watched once per process, not once per user of it.</summary>
    [Inject] private WorkspaceWatchHub Watchers { get; set; } = null!;

    [Inject] private Toasts Toasts { get; set; } = null!;

    [Inject] private TimeProvider Time { get; set; } = null!;

    [Inject] private ILogger<ChangesPanel> Logger { get; set; } = null!;

    /// <summary>Completes once the panel follows the workspace: its watcher started and agent turns are subscribed.</summary>
    internal Task Live => _live.Task;

    /// <summary>The read in progress (with any follow-up already asked for), or a completed task.</summary>
    internal Task PendingRefresh => _refresher?.Current ?? Task.CompletedTask;

    private string? SelectedUncommittedPath => _selection is { Committed: false } s ? s.Path : null;

    protected override async Task OnParametersSetAsync()
    {
        if (_activeId != WorkspaceId)
        {
            await LoadWorkspaceAsync();
        }
    }

    /// <summary>Starts over on <see cref="WorkspaceId"/>: fresh state, a new refresher, the first read.</summary>
    private async Task LoadWorkspaceAsync()
    {
        await StopWatchingAsync();
        if (_live.Task.IsCompleted)
        {
            _live = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        _activeId = WorkspaceId;
        var generation = ++_generation;
        ResetState();
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

        _refresher = new CoalescingRefresher(ct => RefreshAsync(generation, ct), ex => OnRefreshFailed(generation, ex));
        await _refresher.Request();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            // Runs synchronously up to its first wait, so the subscription exists when this returns.
            _agentTurns = FollowAgentTurnsAsync(_disposed.Token);
        }

        if (_watchedId != _activeId && _workspace is not null && _refresher is not null)
        {
            _watchedId = _activeId;
            StartWatching(_workspace, _refresher);
            _live.TrySetResult();
        }

        await base.OnAfterRenderAsync(firstRender);
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
            var view = ChangesView.Build(await statusTask, await uncommittedTask, branchTask is null ? null : await branchTask);

            var history = _tab == PanelTab.History ? await Changes.GetHistoryAsync(workspace.Id, cancellationToken: cancellationToken) : null;
            var selectionAtStart = _selection;
            var selection = StillListed(selectionAtStart, view);
            var (diffText, diffError) = selection is null ? (null, null) : await ReadDiffAsync(workspace.Id, selection, cancellationToken);

            await InvokeAsync(() =>
            {
                if (generation != _generation)
                {
                    return;
                }

                _view = view;
                _loadError = null;
                _history = history ?? _history;
                if (_selection == selectionAtStart)
                {
                    // Unless another file was clicked meanwhile (its own read shows it).
                    _selection = selection;
                    ApplyDiff(diffText, diffError);
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

    private async Task<(string? Text, string? Error)> ReadDiffAsync(string workspaceId, DiffSelection selection, CancellationToken cancellationToken)
    {
        try
        {
            var text = selection.Committed
                ? await Changes.GetDiffAsync(workspaceId, selection.Path, cancellationToken)
                : await Changes.GetUncommittedDiffAsync(workspaceId, selection.Path, cancellationToken);
            return (text, null);
        }
        catch (GroveException ex)
        {
            return (null, ex.Message);
        }
    }

    /// <summary>Parses a new diff text; the same text keeps the parsed files (and the view) as they are.</summary>
    private void ApplyDiff(string? text, string? error)
    {
        _diffError = error;
        if (text is null)
        {
            _diffText = null;
            _diffFiles = _selection is null || error is not null ? null : _diffFiles;
            return;
        }

        if (text != _diffText || _diffFiles is null)
        {
            _diffText = text;
            _diffFiles = UnifiedDiffParser.Parse(text);
        }
    }

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

    private void StartWatching(Workspace workspace, CoalescingRefresher refresher)
    {
        try
        {
            _watch = Watchers.Watch(workspace.WorktreePath, _ => refresher.Request());
        }
        catch (Exception ex) when (ex is GroveException or IOException or UnauthorizedAccessException)
        {
            // A missing worktree or a folder without git: the panel still refreshes on demand.
            // (Running out of inotify watches is not a failure: the watcher polls instead.)
            LogWatchFailed(Logger, ex, workspace.WorktreePath);
        }

        // Anything that changed between the first read and the watcher starting.
        refresher.Request();
    }

    /// <summary>An agent turn that ends in this workspace may have changed files: read again.</summary>
    private async Task FollowAgentTurnsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var status in Runs.Events.SubscribeStatusAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_workspace is not { } workspace || !IsTurnEnd(status.PayloadJson))
                {
                    continue;
                }

                try
                {
                    var tab = await Tabs.ResolveAsync(status.TabId, cancellationToken).ConfigureAwait(false);
                    if (tab.WorkspaceId == workspace.Id)
                    {
                        _refresher?.Request();
                    }
                }
                catch (GroveException)
                {
                    // The tab was deleted meanwhile: nothing of ours.
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The panel is gone.
        }
    }

    private static bool IsTurnEnd(string payloadJson)
    {
        try
        {
            using var document = JsonDocument.Parse(payloadJson);
            return document.RootElement.TryGetProperty("status", out var status)
                && status.ValueKind == JsonValueKind.String
                && TurnEndStatuses.Contains(status.GetString()!);
        }
        catch (JsonException)
        {
            return false;
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
        _diffFiles = null;
        _diffError = null;
        _message = "";
        _confirmDiscard = null;
        _busy = null;
        _progress = null;
        _tab = PanelTab.Changes;
    }

    private async Task StopWatchingAsync()
    {
        _refresher?.Dispose();
        _refresher = null;
        _watchedId = null;
        if (_watch is not null)
        {
            await _watch.DisposeAsync();
            _watch = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _generation++;
        await _disposed.CancelAsync();
        await StopWatchingAsync();
        if (_agentTurns is not null)
        {
            await _agentTurns;
        }

        // Cancelled but not disposed: a handler still finishing may read its token.
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the changes of workspace {WorkspaceId} failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, string workspaceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Not watching {WorktreePath} for changes")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception, string worktreePath);
}
