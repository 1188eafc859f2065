using Grove.Core.Errors;
using Grove.Services.Changes;
using Grove.Services.PullRequests;
using Grove.Services.Workspaces;
using Grove.Web.State;
using Microsoft.AspNetCore.Components;

namespace Grove.Web.Components.Changes;

/// <summary>
/// State of the PR bar. It views the workspace through <see cref="IPullRequestWatch"/> (one poller
/// per workspace, backing off while nothing changes, stopping when the last viewer leaves); its own
/// actions nudge the poller so the result shows at once.
/// </summary>
public sealed partial class PullRequestBar
{
    private IDisposable? _viewer;
    private bool _rendered;
    private string? _viewing;
    private PullRequestWatchUpdate? _update;
    private string? _recorded;
    private string? _busy;
    private string? _error;
    private string? _progress;
    private bool _showChecks;
    private IReadOnlyList<PullRequestCheck>? _checks;
    private bool _showThreads;
    private IReadOnlyList<PullRequestReviewThread>? _threads;
    private string? _threadsError;
    private readonly HashSet<string> _selectedThreads = new(StringComparer.Ordinal);
    private CreateForm? _create;
    private string? _createProgress;
    private string? _createError;
    private MergeForm? _merge;
    private string? _mergeError;
    private bool _offerArchive;

    [Parameter, EditorRequired] public string WorkspaceId { get; set; } = "";

    [Inject] private IPullRequests PullRequests { get; set; } = null!;

    [Inject] private IPullRequestWatch Watch { get; set; } = null!;

    [Inject] private IWorkspaceChanges Changes { get; set; } = null!;

    [Inject] private IWorkspaceService Workspaces { get; set; } = null!;

    [Inject] private ComposerInbox Inbox { get; set; } = null!;

    [Inject] private UiCommands Commands { get; set; } = null!;

    [Inject] private Toasts Toasts { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    /// <summary>No GitHub remote or no token: a quiet line, not an error.</summary>
    private bool Quiet => _update?.ErrorKind is ErrorKind.Unsupported or ErrorKind.AuthRequired;

    private string ViewName => _update switch
    {
        null => "loading",
        { Status: null } => Quiet ? "unavailable" : "error",
        { Status.PullRequest: null } => "none",
        _ => "pull-request",
    };

    protected override void OnParametersSet()
    {
        if (_rendered)
        {
            StartViewing();
        }
    }

    /// <summary>Polling starts once the circuit is interactive (a prerender never asks GitHub).</summary>
    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _rendered = true;
            StartViewing();
        }
    }

    private void StartViewing()
    {
        if (_viewing == WorkspaceId)
        {
            return;
        }

        _viewer?.Dispose();
        _viewing = WorkspaceId;
        _update = null;
        _recorded = null;
        _checks = null;
        _threads = null;
        _showChecks = false;
        _showThreads = false;
        _selectedThreads.Clear();
        _error = null;
        _offerArchive = false;
        var workspaceId = WorkspaceId;
        _viewer = Watch.Watch(workspaceId, update => InvokeAsync(async () =>
        {
            if (_viewing != workspaceId)
            {
                return;
            }

            var previousHead = _update?.Status?.PullRequest?.HeadSha;
            _update = update;
            if (update.Status?.PullRequest?.HeadSha != previousHead)
            {
                _checks = null; // a new head has new checks
                if (_showChecks)
                {
                    _ = LoadChecksAsync();
                }
            }

            StateHasChanged();
            await SidebarFollowsAsync(update);
        }));
    }

    /// <summary>The sidebar reads the pull request stored on the workspace: when what is stored changed, it reads again.</summary>
    private async Task SidebarFollowsAsync(PullRequestWatchUpdate update)
    {
        if (update.Status is not { } status)
        {
            return;
        }

        var recorded = status.PullRequest is { } pr ? $"{pr.Number} {pr.State} {pr.IsDraft} {status.Checks?.Passed} {status.Checks?.Failed} {status.Checks?.Pending}" : "";
        if (_recorded is not null && _recorded != recorded || _recorded is null && recorded.Length > 0)
        {
            await Commands.RaiseAsync(UiCommand.WorkspacesChanged);
        }

        _recorded = recorded;
    }

    private void Refresh()
    {
        _error = null;
        Watch.Nudge(WorkspaceId);
    }

    private async Task ToggleChecksAsync()
    {
        _showChecks = !_showChecks;
        if (_showChecks && _checks is null)
        {
            await LoadChecksAsync();
        }
    }

    private async Task LoadChecksAsync()
    {
        try
        {
            var checks = await PullRequests.GetChecksAsync(WorkspaceId);
            _checks = [.. checks.OrderBy(c => c.Outcome switch { "failed" => 0, "pending" => 1, _ => 2 }).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase)];
        }
        catch (GroveException ex)
        {
            _error = ex.Message;
            _checks = [];
        }

        StateHasChanged();
    }

    /// <summary>"Fix": the failing checks with their output, into the composer (the user edits and sends).</summary>
    private async Task FixChecksAsync()
    {
        await RunAsync("fix", async () =>
        {
            var checks = await PullRequests.GetChecksAsync(WorkspaceId);
            _checks = checks;
            var text = PullRequestPrompts.FailingChecks(checks);
            if (text.Length == 0)
            {
                Toasts.Show("No check is failing any more.");
                return;
            }

            await HandToComposerAsync(text);
        });
    }

    private async Task ToggleThreadsAsync()
    {
        _showThreads = !_showThreads;
        if (_showThreads)
        {
            await LoadThreadsAsync();
        }
    }

    private async Task LoadThreadsAsync()
    {
        try
        {
            _threads = await PullRequests.GetReviewThreadsAsync(WorkspaceId);
            _threadsError = null;
            _selectedThreads.IntersectWith(_threads.Select(t => t.Id));
        }
        catch (GroveException ex)
        {
            _threadsError = ex.Message;
        }
    }

    private async Task SendThreadsAsync()
    {
        if (_threads is null)
        {
            return;
        }

        var chosen = _threads.Where(t => _selectedThreads.Contains(t.Id)).ToList();
        if (chosen.Count > 0 && await HandToComposerAsync(PullRequestPrompts.ReviewThreads(chosen)))
        {
            _selectedThreads.Clear();
        }
    }

    private async Task<bool> HandToComposerAsync(string text)
    {
        if (!await Inbox.InsertAsync(WorkspaceId, text))
        {
            Toasts.Show("Open an agent tab in this workspace first; the text goes into its message box.", ToastKind.Error);
            return false;
        }

        Toasts.Show("Added to the message box: edit it if you like, then send.", ToastKind.Success);
        await Commands.RaiseAsync(UiCommand.ClosePanels); // a narrow window shows the conversation again
        return true;
    }

    private async Task PushAsync()
    {
        await RunAsync("push", async () =>
        {
            await Changes.PushAsync(WorkspaceId, OnProgress);
            Toasts.Show("Pushed", ToastKind.Success);
        });
        Watch.Nudge(WorkspaceId);
    }

    private async Task OpenCreateAsync()
    {
        _createError = null;
        _createProgress = null;
        try
        {
            var draft = await PullRequests.GetCreateDraftAsync(WorkspaceId);
            _create = new CreateForm { Title = draft.Title ?? "", Body = draft.Body ?? "", Base = draft.Base ?? "", Draft = draft.Draft };
        }
        catch (GroveException ex)
        {
            _error = ex.Message;
        }
    }

    private void CloseCreate()
    {
        if (_busy != "create")
        {
            _create = null;
        }
    }

    private async Task CreateAsync()
    {
        if (_create is not { } form || _busy is not null)
        {
            return;
        }

        _busy = "create";
        _createError = null;
        _createProgress = "Pushing…";
        try
        {
            var created = await PullRequests.CreateAsync(
                WorkspaceId,
                new PullRequestCreateOptions(form.Title, form.Body, form.Draft, string.IsNullOrWhiteSpace(form.Base) ? null : form.Base.Trim()),
                line => _ = InvokeAsync(() =>
                {
                    if (_busy == "create" && line.Trim().Length > 0)
                    {
                        _createProgress = line.Trim();
                        StateHasChanged();
                    }
                }));
            _create = null;
            Toasts.Show(
                created.AlreadyExisted ? $"Linked the existing pull request #{created.PullRequest.Number}" : $"Opened pull request #{created.PullRequest.Number}",
                ToastKind.Success);
        }
        catch (GroveException ex)
        {
            _createError = ex.Message;
        }
        finally
        {
            _busy = null;
            _createProgress = null;
        }

        Watch.Nudge(WorkspaceId);
    }

    private void OpenMerge()
    {
        if (_update?.Status?.PullRequest is { } pr)
        {
            _mergeError = null;
            _merge = new MergeForm { Number = pr.Number };
        }
    }

    private void CloseMerge()
    {
        if (_busy != "merge")
        {
            _merge = null;
        }
    }

    private async Task MergeAsync()
    {
        if (_merge is not { } form || _busy is not null)
        {
            return;
        }

        _busy = "merge";
        _mergeError = null;
        try
        {
            var merged = await PullRequests.MergeAsync(WorkspaceId, form.Method, form.DeleteBranch);
            _merge = null;
            _offerArchive = true;
            Toasts.Show(
                $"Merged #{merged.Number}{(merged.BranchDeleted ? " and deleted the remote branch" : "")}. Archive the workspace?",
                ToastKind.Success,
                "Archive",
                ArchiveAsync,
                TimeSpan.FromSeconds(15));
        }
        catch (GroveException ex)
        {
            _mergeError = ex.Message;
        }
        finally
        {
            _busy = null;
        }

        Watch.Nudge(WorkspaceId);
    }

    private async Task ArchiveAsync()
    {
        await InvokeAsync(async () =>
        {
            await RunAsync("archive", async () =>
            {
                var archived = await Workspaces.ArchiveAsync(WorkspaceId);
                Toasts.Show($"Archived {archived.Name}", ToastKind.Success);
                await Commands.RaiseAsync(UiCommand.WorkspacesChanged);
                Navigation.NavigateTo("/");
            });
        });
    }

    private async Task RunAsync(string operation, Func<Task> action)
    {
        if (_busy is not null)
        {
            return;
        }

        _busy = operation;
        _error = null;
        try
        {
            await action();
        }
        catch (GroveException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _busy = null;
            _progress = null;
        }
    }

    private void OnProgress(string line)
    {
        if (line.Trim() is { Length: > 0 } text)
        {
            _ = InvokeAsync(() =>
            {
                if (_busy is not null)
                {
                    _progress = text;
                    StateHasChanged();
                }
            });
        }
    }

    /// <summary>What the bar shows as the state: draft for an open draft.</summary>
    internal static string StateOf(PullRequestInfo pr) => pr.State == "open" && pr.IsDraft ? "draft" : pr.State;

    private static string ChecksOutcome(ChecksSummary checks) => checks.Failed > 0 ? "failed" : checks.Pending > 0 ? "pending" : "passed";

    private static string MergeableText(string state) => state switch
    {
        "clean" => "Ready to merge",
        "conflicting" => "Conflicts with the base",
        "blocked" => "Blocked (reviews or checks required)",
        "behind" => "Behind the base",
        "unstable" => "Mergeable, checks failing",
        "draft" => "Draft",
        "has_hooks" => "Ready to merge",
        _ => "Mergeability unknown",
    };

    private static string? SafeUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri.AbsoluteUri : null;

    public void Dispose()
    {
        _viewing = null;
        _viewer?.Dispose();
        _viewer = null;
    }

    private sealed class CreateForm
    {
        public string Title { get; set; } = "";

        public string Body { get; set; } = "";

        public string Base { get; set; } = "";

        public bool Draft { get; set; }
    }

    private sealed class MergeForm
    {
        public int Number { get; init; }

        public PullRequestMergeMethod Method { get; set; } = PullRequestMergeMethod.Squash;

        public bool DeleteBranch { get; set; } = true;
    }
}
