using System.Threading.Channels;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Services.Agents;
using Grove.Services.Changes;
using Grove.Services.Lists;
using Grove.Services.Workspaces;
using Grove.Web.Components.Workspaces;
using Grove.Web.State;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Logging;

namespace Grove.Web.Components.Layout;

/// <summary>
/// Workspaces grouped by project, each with its agents' status (live from the tab status feed),
/// its change counts (refreshed when its files change or a turn ends, at most every
/// <see cref="ChangesRefreshInterval"/>) and its pull request when known; search, archive with
/// undo, and the new workspace dialog.
/// </summary>
public sealed partial class Sidebar
{
    /// <summary>Change counts are recomputed at most this often, however busy the files are.</summary>
    internal static readonly TimeSpan ChangesRefreshInterval = TimeSpan.FromSeconds(2);

    /// <summary>How often the counts of workspaces that could not be watched are checked for staleness.</summary>
    internal static readonly TimeSpan StaleCheckInterval = TimeSpan.FromSeconds(10);

    /// <summary>Counts of workspaces that could not be watched are re-read this often.</summary>
    internal static readonly TimeSpan UnwatchedRefreshInterval = TimeSpan.FromSeconds(30);

    /// <summary>Tab statuses that arrive within this of the first are applied together, in one render.</summary>
    internal static readonly TimeSpan StatusBatchDelay = TimeSpan.FromMilliseconds(40);

    private readonly CancellationTokenSource _lifetime = new();
    private readonly WorkspaceActivity _activity = new();
    private readonly Dictionary<string, WorkspaceTotals> _changes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IAsyncDisposable?> _watches = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly List<LiveEvent> _statusInbox = [];
    private readonly Channel<bool> _refresh = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private IReadOnlyList<Project>? _projects;
    private IReadOnlyList<Workspace> _workspaces = [];
    private string _filter = "";
    private bool _showArchived;
    private bool _dialogOpen;
    private string? _dialogProjectId;
    private string? _currentWorkspaceId;
    private ElementReference _search;
    private bool _disposed;
    private int _statusBatchScheduled;
    private long _listVersion;

    [Inject] private IWorkspaceService Workspaces { get; set; } = null!;
    [Inject] private IWorkspaceList List { get; set; } = null!;
    [Inject] private IAgentTabs Tabs { get; set; } = null!;
    [Inject] private IAgentRuns Runs { get; set; } = null!;
    [Inject] private IWorkspaceChanges Changes { get; set; } = null!;
    [Inject] private IWorkspaceFeeds Feeds { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;
    [Inject] private UiCommands Commands { get; set; } = null!;
    [Inject] private Toasts Toasts { get; set; } = null!;
    [Inject] private ILogger<Sidebar> Logger { get; set; } = null!;
    [Inject] private TimeProvider Time { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        _currentWorkspaceId = WorkspaceIdFromUri(Navigation.Uri);
        Navigation.LocationChanged += OnLocationChanged;
        Commands.Invoked += OnCommandAsync;
        await LoadListsAsync();
    }

    protected override Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return Task.CompletedTask;
        }

        // Only once interactive (not while prerendering): live status, file watches, refreshes.
        // The status feed is joined before the tabs are re-read, so no change falls in between.
        _ = RunAsync(StatusLoopAsync);
        _ = RunAsync(ChangesLoopAsync);
        _ = RunAsync(StaleCountsLoopAsync);
        List.Changed += OnListChanged;
        _ = RunAsync(ConflictsLoopAsync);
        StartUsage();
        StartUpdates();
        return InvokeAsync(async () =>
        {
            await LoadListsAsync();
            SyncWatches(); // each watched workspace's feed counts it once, then on changes
            MarkDirty(StaleCounts());
            StateHasChanged();
        });
    }

    /// <summary>Re-reads projects, workspaces and tabs (every page hears of a difference), takes pending approvals, then renders.</summary>
    private async Task ReloadAsync()
    {
        if (_disposed)
        {
            return;
        }

        await LoadListsAsync(reread: true);
        SyncWatches();
        MarkDirty(StaleCounts());
        StateHasChanged();
    }

    /// <summary>Shows the shared list's last read (a first read if none), or re-reads it first when this page changed something.</summary>
    private async Task LoadListsAsync(bool reread = false)
    {
        try
        {
            var token = _lifetime.Token;
            Show(reread ? await List.RefreshAsync(token) : await List.GetAsync(token));
        }
        catch (GroveException ex)
        {
            Toasts.Error(ex.Message);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
        }
    }

    /// <summary>Takes a read of the shared list unless a newer one is shown already.</summary>
    private void Show(WorkspaceListSnapshot read)
    {
        if (read.Version < _listVersion)
        {
            return;
        }

        _listVersion = read.Version;
        _projects = read.Projects;
        _workspaces = _showArchived ? read.Workspaces : [.. read.Workspaces.Where(w => !w.IsArchived)];
        _activity.Load(read.Tabs, Runs.GetPending());
    }

    /// <summary>The projects and workspaces to show, in order, after the search filter.</summary>
    private List<(Project Project, List<Workspace> Workspaces)> VisibleGroups()
    {
        var filter = _filter.Trim();
        var groups = new List<(Project, List<Workspace>)>();
        foreach (var project in _projects ?? [])
        {
            var projectMatches = filter.Length > 0 && project.Name.Contains(filter, StringComparison.OrdinalIgnoreCase);
            var workspaces = _workspaces
                .Where(w => w.ProjectId == project.Id)
                .Where(w => filter.Length == 0 || projectMatches
                    || w.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)
                    || (w.Branch?.Contains(filter, StringComparison.OrdinalIgnoreCase) ?? false))
                .ToList();
            if (filter.Length == 0 || workspaces.Count > 0)
            {
                groups.Add((project, workspaces));
            }
        }

        return groups;
    }

    private async Task ArchiveAsync(Workspace workspace)
    {
        try
        {
            await Workspaces.ArchiveAsync(workspace.Id, cancellationToken: _lifetime.Token);
        }
        catch (GroveException ex)
        {
            Toasts.Error(ex.Message);
            return;
        }

        if (workspace.Id == _currentWorkspaceId)
        {
            Navigation.NavigateTo("/");
        }

        await Commands.RaiseAsync(UiCommand.WorkspacesChanged); // reloads this list and the start page's
        Toasts.Show($"Archived {workspace.Name}.", actionLabel: "Undo", action: () => InvokeAsync(() => RestoreAsync(workspace, announce: false)));
    }

    private Task RestoreAsync(Workspace workspace) => RestoreAsync(workspace, announce: true);

    private async Task RestoreAsync(Workspace workspace, bool announce)
    {
        try
        {
            await Workspaces.RestoreAsync(workspace.Id, _lifetime.Token);
        }
        catch (GroveException ex)
        {
            Toasts.Error(ex.Message);
            return;
        }

        await Commands.RaiseAsync(UiCommand.WorkspacesChanged);
        Toasts.Show(announce ? $"Restored {workspace.Name}." : $"{workspace.Name} is back.", ToastKind.Success);
    }

    private async Task ToggleArchivedAsync(ChangeEventArgs e)
    {
        _showArchived = e.Value is true || (e.Value is string text && bool.TryParse(text, out var on) && on);
        await ReloadAsync();
    }

    private void OpenDialog(string? projectId)
    {
        _dialogProjectId = projectId;
        _dialogOpen = true;
    }

    private async Task CloseDialog()
    {
        _dialogOpen = false;
        await ReloadAsync();
    }

    private void SearchKeyDown(KeyboardEventArgs e)
    {
        if (e.Key == "Escape")
        {
            _filter = "";
        }
    }

    private Task OnCommandAsync(string command) => command switch
    {
        UiCommand.NewWorkspace => InvokeAsync(() =>
        {
            OpenDialog(null);
            StateHasChanged();
        }),
        UiCommand.NextWorkspace => InvokeAsync(() => Step(+1)),
        UiCommand.PreviousWorkspace => InvokeAsync(() => Step(-1)),
        UiCommand.Search => InvokeAsync(async () => await _search.FocusAsync()),
        UiCommand.WorkspacesChanged => InvokeAsync(ReloadAsync),
        _ => Task.CompletedTask,
    };

    /// <summary>Opens the next (or previous) workspace in the sidebar's order, wrapping around.</summary>
    private void Step(int direction)
    {
        var order = VisibleGroups().SelectMany(g => g.Workspaces).Where(w => !w.IsArchived).ToList();
        if (order.Count == 0)
        {
            return;
        }

        var index = order.FindIndex(w => w.Id == _currentWorkspaceId);
        var next = index < 0
            ? (direction > 0 ? 0 : order.Count - 1)
            : (index + direction + order.Count) % order.Count;
        Navigation.NavigateTo($"/w/{order[next].Id}");
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e)
    {
        _ = InvokeAsync(async () =>
        {
            _currentWorkspaceId = WorkspaceIdFromUri(e.Location);
            if (_currentWorkspaceId is not null)
            {
                _activity.MarkSeen(_currentWorkspaceId);
            }

            await ReloadAsync();
        });
    }

    private string? WorkspaceIdFromUri(string uri)
    {
        var path = Navigation.ToBaseRelativePath(uri);
        var end = path.IndexOfAny(['?', '#']);
        var segments = (end < 0 ? path : path[..end]).Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 2 && segments[0] == "w" ? Uri.UnescapeDataString(segments[1]) : null;
    }
}
