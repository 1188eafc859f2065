using Grove.Core.Changes;
using Grove.Core.Errors;
using Grove.Web.Changes;
using Grove.Web.State;
using Microsoft.AspNetCore.Components.Web;

namespace Grove.Web.Components.Changes;

/// <summary>What the panel's buttons do: select, stage, discard, commit, push, pull, switch tabs.</summary>
public sealed partial class ChangesPanel
{
    private string _message = "";
    private string? _busy;
    private string? _progress;
    private ChangedFile? _confirmDiscard;

    private bool CanCommit => _busy is null && !string.IsNullOrWhiteSpace(_message);

    /// <summary>With nothing staged, a commit takes every change (what an agent's work usually needs).</summary>
    private bool CommitsEverything => _view is { Staged.Count: 0 };

    private string CommitLabel => CommitsEverything ? "Commit all" : "Commit staged";

    private string CommitPlaceholder => _view is { IsClean: true } ? "Commit message" : CommitsEverything
        ? "Message (commits every change; Ctrl+Enter)"
        : "Message (commits the staged files; Ctrl+Enter)";

    private static string FileCountText(int count) => count == 1 ? "1 file" : $"{count} files";

    private async Task SelectAsync(ChangedFile file) => await OpenDiffAsync(new DiffSelection(file.Path, Committed: false));

    private async Task SelectCommittedAsync(string path) => await OpenDiffAsync(new DiffSelection(path, Committed: true));

    private async Task OpenDiffAsync(DiffSelection selection)
    {
        if (_selection == selection && _diffFiles is not null)
        {
            return;
        }

        _selection = selection;
        _diffText = null;
        _diffTruncated = null;
        _diffMaxChars = DiffPreview.DefaultMaxChars;
        _diffFiles = null;
        _diffError = null;
        var (diff, error) = await ReadDiffAsync(WorkspaceId, selection, _disposed.Token);
        if (_selection == selection)
        {
            ApplyDiff(diff, error);
        }
    }

    /// <summary>"Show more" on a large diff: reads up to <see cref="LargeDiffMaxChars"/> of it.</summary>
    private async Task ShowMoreDiffAsync()
    {
        if (_selection is not { } selection)
        {
            return;
        }

        _diffMaxChars = LargeDiffMaxChars;
        var (diff, error) = await ReadDiffAsync(WorkspaceId, selection, _disposed.Token);
        if (_selection == selection)
        {
            ApplyDiff(diff, error);
        }
    }

    private static Task OnRowKeyAsync(KeyboardEventArgs e, Func<Task> open) =>
        e.Key is "Enter" or " " ? open() : Task.CompletedTask;

    private void CloseDiff()
    {
        _selection = null;
        _diffText = null;
        _diffTruncated = null;
        _diffFiles = null;
        _diffError = null;
    }

    private Task StageAsync(ChangedFile file) =>
        RunAsync("stage", ct => Changes.StageAsync(WorkspaceId, file.GitPaths, ct));

    private Task UnstageAsync(ChangedFile file) =>
        RunAsync("unstage", ct => Changes.UnstageAsync(WorkspaceId, file.GitPaths, ct));

    private Task StageAllAsync() =>
        _view is { Unstaged.Count: > 0 } view
            ? RunAsync("stage", ct => Changes.StageAsync(WorkspaceId, view.Unstaged.SelectMany(f => f.GitPaths).ToList(), ct))
            : Task.CompletedTask;

    private Task UnstageAllAsync() =>
        _view is { Staged.Count: > 0 } view
            ? RunAsync("unstage", ct => Changes.UnstageAsync(WorkspaceId, view.Staged.SelectMany(f => f.GitPaths).ToList(), ct))
            : Task.CompletedTask;

    private void AskDiscard(ChangedFile file) => _confirmDiscard = file;

    private async Task ConfirmDiscardAsync()
    {
        if (_confirmDiscard is not { } file)
        {
            return;
        }

        if (await RunAsync("discard", ct => Changes.DiscardAsync(WorkspaceId, file.GitPaths, ct)))
        {
            Toasts.Show($"Discarded changes to {file.Path}");
        }

        _confirmDiscard = null;
    }

    private async Task CommitAsync()
    {
        if (!CanCommit)
        {
            return;
        }

        var message = _message.Trim();
        var everything = CommitsEverything;
        string? sha = null;
        if (await RunAsync("commit", async ct => sha = await Changes.CommitAsync(WorkspaceId, message, stageAll: everything, cancellationToken: ct)))
        {
            _message = "";
            Toasts.Show($"Committed {Short(sha!)}: {FirstLine(message)}", ToastKind.Success);
        }
    }

    private async Task MessageKeyDownAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter" && (e.CtrlKey || e.MetaKey))
        {
            await CommitAsync();
        }
    }

    private async Task PushAsync()
    {
        var ok = await RunAsync("push", ct => Changes.PushAsync(WorkspaceId, OnPushProgress, ct));
        if (ok)
        {
            Toasts.Show($"Pushed {_workspace?.Branch ?? "the branch"}", ToastKind.Success);
        }
    }

    private void OnPushProgress(string line)
    {
        var text = line.Trim();
        if (text.Length > 0)
        {
            _ = InvokeAsync(() =>
            {
                if (_busy == "push")
                {
                    _progress = text;
                    StateHasChanged();
                }
            });
        }
    }

    private async Task PullAsync()
    {
        if (await RunAsync("pull", ct => Changes.PullAsync(WorkspaceId, ct)))
        {
            Toasts.Show("Pulled and rebased on the upstream branch", ToastKind.Success);
        }
    }

    private void ShowChanges() => _tab = PanelTab.Changes;

    private async Task ShowHistoryAsync()
    {
        _tab = PanelTab.History;
        if (_workspace is null || (_loadError is not null && _view is null))
        {
            return;
        }

        try
        {
            _history = await Changes.GetHistoryAsync(WorkspaceId, cancellationToken: _disposed.Token);
        }
        catch (GroveException ex)
        {
            _error = new ChangesError(ex.Message, null);
            _history = [];
        }
    }

    private async Task RefreshClickedAsync()
    {
        if (_workspace is null)
        {
            // Never loaded (e.g. the workspace was missing): try from the start.
            await LoadWorkspaceAsync();
            return;
        }

        _loadError = null;
        await RequestRefresh();
    }

    /// <summary>Runs one git operation with the panel busy; its error is shown readably; the view is read again after.</summary>
    private async Task<bool> RunAsync(string operation, Func<CancellationToken, Task> action)
    {
        if (_busy is not null)
        {
            return false;
        }

        _busy = operation;
        _progress = null;
        _error = null;
        var ok = false;
        try
        {
            await action(_disposed.Token);
            ok = true;
        }
        catch (GroveException ex)
        {
            _error = GitErrorText.Describe(operation, ex);
        }
        finally
        {
            _busy = null;
            _progress = null;
        }

        if (_workspace is not null)
        {
            await RequestRefresh();
        }

        return ok;
    }

    private static string Short(string sha) => sha.Length > 7 ? sha[..7] : sha;

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 60 ? line[..60] + "…" : line;
    }
}
