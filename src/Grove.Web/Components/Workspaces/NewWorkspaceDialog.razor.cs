using Grove.Core.Changes;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Services;
using Grove.Services.Agents;
using Grove.Services.Projects;
using Grove.Services.Settings;
using Grove.Services.Setup;
using Grove.Services.Workspaces;
using Grove.Web.State;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Grove.Web.Components.Workspaces;

/// <summary>
/// Creates a workspace and its first agent tab: project (or add a folder), base branch, name,
/// worktree or local mode, model and agent mode. Shows progress while the worktree and setup run;
/// a failed setup keeps the workspace and shows its output; a failed create leaves nothing behind.
/// </summary>
public sealed partial class NewWorkspaceDialog : IDisposable
{
    private readonly List<string> _progress = [];
    private IReadOnlyList<Project> _projects = [];
    private IReadOnlyList<BranchInfo> _branches = [];
    private bool _branchesLoading;
    private string? _projectId;
    private string? _base;
    private string _name = "";
    private string _model = "";
    private WorkspaceMode _mode = WorkspaceMode.Worktree;
    private AgentMode _agentMode = AgentMode.Agent;
    private IReadOnlyList<Grove.Core.Agents.AgentKindInfo>? _kinds;
    private string? _agentKind;
    private bool _addingFolder;
    private bool _cloning;
    private string _folderPath = "";
    private string? _folderError;
    private string? _nameError;
    private string? _modelError;
    private string? _error;
    private bool _busy;
    private bool _loaded;
    private CancellationTokenSource? _creating;
    private Workspace? _created;
    private SetupReport? _setup;
    private string? _target;

    /// <summary>The project to preselect (e.g. the sidebar group whose + was clicked).</summary>
    [Parameter] public string? InitialProjectId { get; set; }

    [Parameter] public EventCallback OnClose { get; set; }

    [Inject] private IProjectService Projects { get; set; } = null!;
    [Inject] private IWorkspaceService Workspaces { get; set; } = null!;
    [Inject] private IAgentTabs Tabs { get; set; } = null!;
    [Inject] private ISettingsService Settings { get; set; } = null!;
    [Inject] private IAgentKinds AgentKinds { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;
    [Inject] private UiCommands Commands { get; set; } = null!;

    private Project? SelectedProject => _projects.FirstOrDefault(p => p.Id == _projectId);

    /// <summary>A git project whose branch list came back empty: the repository has no commits yet.</summary>
    private bool HasNoCommits => SelectedProject is { IsGitRepo: true } && !_branchesLoading && _branches.Count == 0 && _error is null;

    private bool CanCreate => !_busy && SelectedProject is not null && _nameError is null && _modelError is null;

    protected override async Task OnInitializedAsync()
    {
        // Probing the agent programs runs them: the form is usable meanwhile (no choice = the default kind).
        _ = LoadKindsAsync();
        try
        {
            _agentMode = await Settings.GetDefaultAgentModeAsync();
            _projects = await Projects.ListAsync();
        }
        catch (GroveException ex)
        {
            _error = ex.Message;
        }

        var initial = _projects.FirstOrDefault(p => p.Id == InitialProjectId) ?? (_projects.Count > 0 ? _projects[0] : null);
        await SelectProjectAsync(initial?.Id);
        _loaded = true;
    }

    /// <summary>
    /// Projects, branches and agent kinds are in: the form stops re-rendering on its own (the form's
    /// <c>data-ready</c>; end-to-end tests type into it after this, so a keystroke never races a load).
    /// </summary>
    private bool Ready => _loaded && !_branchesLoading && (_kinds is not null || _error is not null);

    private Task ProjectChangedAsync(ChangeEventArgs e) => SelectProjectAsync(e.Value as string);

    private async Task SelectProjectAsync(string? projectId)
    {
        _projectId = projectId;
        _branches = [];
        _base = null;
        _error = null;
        var project = SelectedProject;
        if (project is null)
        {
            return;
        }

        _mode = project.IsGitRepo ? WorkspaceMode.Worktree : WorkspaceMode.Local;
        if (!project.IsGitRepo)
        {
            return;
        }

        _branchesLoading = true;
        try
        {
            _branches = await Projects.ListBranchesAsync(project.Id);
            _base = DefaultBase(project, _branches);
            if (_branches.Count == 0)
            {
                // No commit yet, so nothing a worktree could start from: the project folder is what works.
                _mode = WorkspaceMode.Local;
            }
        }
        catch (GroveException ex)
        {
            _error = $"Could not list the branches of '{project.Name}': {ex.Message}";
        }
        finally
        {
            _branchesLoading = false;
        }
    }

    /// <summary>The project's default branch (local, else its remote), else the checked-out one.</summary>
    private static string? DefaultBase(Project project, IReadOnlyList<BranchInfo> branches)
    {
        if (project.DefaultBranch is { } name)
        {
            if (branches.Any(b => !b.IsRemote && b.Name == name))
            {
                return name;
            }

            if (branches.Any(b => b.IsRemote && b.Name == $"origin/{name}"))
            {
                return $"origin/{name}";
            }
        }

        return (branches.FirstOrDefault(b => b.IsCurrent) ?? (branches.Count > 0 ? branches[0] : null))?.Name;
    }

    private void ToggleAddFolder()
    {
        _addingFolder = !_addingFolder;
        _cloning = false;
        _folderError = null;
    }

    private void ToggleClone()
    {
        _cloning = !_cloning;
        _addingFolder = false;
    }

    /// <summary>A clone made from the dialog becomes the selected project.</summary>
    private async Task ClonedAsync(Project project)
    {
        _projects = await Projects.ListAsync();
        _cloning = false;
        await SelectProjectAsync(project.Id);
        await Commands.RaiseAsync(UiCommand.WorkspacesChanged);
    }

    private async Task FolderKeyDownAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter")
        {
            await AddFolderAsync();
        }
    }

    private async Task AddFolderAsync()
    {
        if (string.IsNullOrWhiteSpace(_folderPath) || _busy)
        {
            return;
        }

        _folderError = null;
        try
        {
            var project = await Projects.AddAsync(_folderPath.Trim());
            _projects = await Projects.ListAsync();
            _addingFolder = false;
            _folderPath = "";
            await SelectProjectAsync(project.Id);
            await Commands.RaiseAsync(UiCommand.WorkspacesChanged);
        }
        catch (GroveException ex)
        {
            _folderError = ex.Message;
        }
    }

    private void ValidateName()
    {
        _nameError = null;
        if (_name.Length > 0)
        {
            try
            {
                Names.ValidateWorkspaceName(_name.Trim());
            }
            catch (GroveException ex)
            {
                _nameError = ex.Message;
            }
        }
    }

    /// <summary>The agents to choose from, the default selected (or the first usable one when the default is not).</summary>
    private async Task LoadKindsAsync()
    {
        try
        {
            var kinds = await AgentKinds.ListAsync();
            await InvokeAsync(() =>
            {
                _kinds = kinds;
                _agentKind ??= (kinds.FirstOrDefault(k => k.IsDefault && k.Usable) ?? kinds.FirstOrDefault(k => k.Usable) ?? (kinds.Count > 0 ? kinds[0] : null))?.Kind;
                StateHasChanged();
            });
        }
        catch (GroveException ex)
        {
            await InvokeAsync(() =>
            {
                _error = ex.Message;
                StateHasChanged();
            });
        }
    }

    private void ValidateModel()
    {
        var model = _model.Trim();
        _modelError = model.Length == 0 || (model.Length <= 100 && model[0] != '-' && !model.Any(char.IsWhiteSpace) && !model.Any(char.IsControl))
            ? null
            : "A model is a name such as sonnet, opus or claude-sonnet-4-5 (no spaces, not starting with '-').";
    }

    private async Task CreateAsync()
    {
        ValidateName();
        ValidateModel();
        if (!CanCreate || SelectedProject is not { } project)
        {
            return;
        }

        _busy = true;
        _error = null;
        _progress.Clear();
        _creating = new CancellationTokenSource();
        var cancellationToken = _creating.Token;
        try
        {
            var result = await Workspaces.CreateAsync(
                new CreateWorkspaceRequest
                {
                    Project = project.Id,
                    Name = _name.Trim() is { Length: > 0 } name ? name : null,
                    Base = _mode == WorkspaceMode.Worktree ? _base : null,
                    Mode = _mode,
                },
                line => _ = InvokeAsync(() =>
                {
                    _progress.Add(line);
                    StateHasChanged();
                }),
                cancellationToken);
            _created = result.Workspace;
            await Commands.RaiseAsync(UiCommand.WorkspacesChanged);
            _progress.AddRange(result.Warnings.Select(w => $"warning: {w}"));
            _progress.Add($"workspace {result.Workspace.Name} ready; starting its first agent tab");
            var tab = await Tabs.CreateAsync(
                new CreateTabRequest
                {
                    Workspace = result.Workspace.Id,
                    AgentKind = _agentKind,
                    Mode = _agentMode,
                    Model = _model.Trim() is { Length: > 0 } model ? model : null,
                },
                CancellationToken.None);
            _target = $"/w/{result.Workspace.Id}/t/{tab.Id}";
            if (!result.Setup.Succeeded)
            {
                _setup = result.Setup;
                return;
            }

            Continue();
        }
        catch (GroveException ex)
        {
            _error = ex.Message;
            if (_created is not null)
            {
                // The workspace exists but its tab could not be made: open it anyway.
                _target = $"/w/{_created.Id}";
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _error = "Stopped: nothing was created.";
        }
        finally
        {
            _busy = false;
            _creating.Dispose();
            _creating = null;
        }
    }

    private void Continue()
    {
        if (_target is not null)
        {
            Navigation.NavigateTo(_target);
        }

        _ = OnClose.InvokeAsync();
    }

    private async Task CancelAsync()
    {
        if (_creating is { } creating)
        {
            await creating.CancelAsync();
            return;
        }

        await OnClose.InvokeAsync();
    }

    public void Dispose() => _creating?.Cancel();
}
