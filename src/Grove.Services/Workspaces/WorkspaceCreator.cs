using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Core.Paths;
using Grove.Data.Stores;
using Grove.Git.Worktrees;
using Grove.Services.Projects;
using Grove.Services.Setup;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Workspaces;

/// <summary>
/// The create-workspace saga: validate → fetch base → worktree on a new branch → row →
/// <c>.worktreeinclude</c> → setup. The worktree and the row are made together or not at all.
/// </summary>
internal sealed class WorkspaceCreator(
    IProjectService projectService,
    IWorkspaceStore workspaces,
    ISettingsStore settings,
    IWorktreeManager worktrees,
    WorktreeIncludeCopier includeCopier,
    SetupRunner setupRunner,
    IWorkspaceEnvironment workspaceEnvironment,
    GrovePaths paths,
    TimeProvider time,
    ILogger<WorkspaceCreator> logger)
{
    private static readonly TimeSpan DefaultFetchTimeout = TimeSpan.FromSeconds(20);

    public async Task<CreateWorkspaceResult> CreateAsync(CreateWorkspaceRequest request, Action<string>? onProgress, CancellationToken cancellationToken)
    {
        var project = await projectService.ResolveAsync(request.Project, cancellationToken);
        var name = request.Name is null ? await GenerateNameAsync(project, cancellationToken) : Names.ValidateWorkspaceName(request.Name);
        if (await workspaces.FindByNameAsync(project.Id, name, cancellationToken) is not null)
        {
            throw new GroveException(ErrorKind.AlreadyExists, $"Workspace '{name}' already exists in project '{project.Name}'.");
        }

        if (request.Mode == WorkspaceMode.Local || !project.IsGitRepo)
        {
            return await CreateLocalAsync(project, name, request, cancellationToken);
        }

        var branch = request.Branch ?? name;
        if (!await worktrees.IsValidBranchNameAsync(project.Path, branch, cancellationToken))
        {
            throw new GroveException(ErrorKind.InvalidInput, $"'{branch}' is not a valid branch name (git check-ref-format).");
        }

        if (await worktrees.BranchExistsAsync(project.Path, branch, cancellationToken))
        {
            throw new GroveException(ErrorKind.AlreadyExists, $"Branch '{branch}' already exists; pick another name or pass --branch.");
        }

        var worktreePath = Path.GetFullPath(request.Path ?? Path.Combine(await WorktreesRootAsync(cancellationToken), Names.Slug(project.Name), name));
        if (File.Exists(worktreePath) || (Directory.Exists(worktreePath) && Directory.EnumerateFileSystemEntries(worktreePath).Any()))
        {
            throw new GroveException(ErrorKind.AlreadyExists, $"The path '{worktreePath}' already exists.");
        }

        var warnings = new List<string>();
        var (startPoint, fetch) = await ResolveStartPointAsync(project, request, warnings, onProgress, cancellationToken);

        onProgress?.Invoke($"creating worktree {worktreePath} on branch {branch} from {startPoint}");
        var createdParent = CreateParentFolders(worktreePath);
        try
        {
            await worktrees.AddWithNewBranchAsync(project.Path, worktreePath, branch, startPoint, cancellationToken);
        }
        catch
        {
            await UndoWorktreeAsync(project.Path, worktreePath, branch, createdParent, worktreeAdded: false);
            throw;
        }

        var now = time.GetUtcNow();
        var workspace = new Workspace
        {
            Id = Ids.NewWorkspaceId(),
            ProjectId = project.Id,
            Name = name,
            Mode = WorkspaceMode.Worktree,
            WorktreePath = worktreePath,
            Branch = branch,
            BaseBranch = BaseBranchName(request.Base ?? project.DefaultBranch, startPoint),
            CreatedAt = now,
            UpdatedAt = now,
        };
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            await workspaces.AddAsync(workspace, cancellationToken);
        }
        catch
        {
            await UndoWorktreeAsync(project.Path, worktreePath, branch, createdParent, worktreeAdded: true);
            throw;
        }

        logger.LogInformation("Created workspace {Workspace} at {Path} on {Branch} from {StartPoint}", name, worktreePath, branch, startPoint);
        var copied = await CopyIncludedAsync(project, worktreePath, warnings, onProgress, cancellationToken);
        var setup = request.NoSetup ? SetupReport.None : await RunSetupAsync(project, workspace, warnings, onProgress, cancellationToken);
        return new CreateWorkspaceResult(workspace, fetch, startPoint, copied, setup, warnings);
    }

    private async Task<CreateWorkspaceResult> CreateLocalAsync(Project project, string name, CreateWorkspaceRequest request, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        if (request.Mode == WorkspaceMode.Worktree)
        {
            warnings.Add($"'{project.Name}' is not a git repository: the workspace works in the project folder (local mode).");
        }

        var now = time.GetUtcNow();
        var workspace = new Workspace
        {
            Id = Ids.NewWorkspaceId(),
            ProjectId = project.Id,
            Name = name,
            Mode = WorkspaceMode.Local,
            WorktreePath = project.Path,
            Branch = project.IsGitRepo ? (await worktrees.ListAsync(project.Path, cancellationToken)).FirstOrDefault(w => w.IsMain)?.Branch : null,
            BaseBranch = project.DefaultBranch,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await workspaces.AddAsync(workspace, cancellationToken);
        return new CreateWorkspaceResult(workspace, null, null, [], SetupReport.None, warnings);
    }

    private async Task<(string StartPoint, FetchOutcome? Fetch)> ResolveStartPointAsync(
        Project project, CreateWorkspaceRequest request, List<string> warnings, Action<string>? onProgress, CancellationToken cancellationToken)
    {
        var requested = request.Base ?? project.DefaultBranch
            ?? throw new GroveException(ErrorKind.InvalidInput, $"Project '{project.Name}' has no default branch; pass --base.");
        var remoteBranch = requested.StartsWith("origin/", StringComparison.Ordinal) ? requested["origin/".Length..] : requested;

        FetchOutcome? fetch = null;
        if (!request.NoFetch && project.GitRemoteUrl is not null && remoteBranch.Length > 0 && !LooksLikeCommit(requested))
        {
            onProgress?.Invoke($"fetching origin/{remoteBranch}");
            fetch = await worktrees.FetchAsync(project.Path, "origin", remoteBranch, request.FetchTimeout ?? DefaultFetchTimeout, onProgress, cancellationToken);
            if (fetch.Warning is not null)
            {
                warnings.Add(fetch.Warning);
            }
        }

        // Prefer the freshly fetched remote branch; fall back to the local ref (offline).
        var candidates = requested.StartsWith("origin/", StringComparison.Ordinal)
            ? new[] { requested, remoteBranch }
            : fetch?.Fetched == true ? new[] { $"origin/{requested}", requested } : new[] { requested, $"origin/{requested}" };
        foreach (var candidate in candidates)
        {
            if (await worktrees.ResolveCommitAsync(project.Path, candidate, cancellationToken) is not null)
            {
                if (fetch is { Fetched: false } && candidate == requested)
                {
                    warnings.Add($"Using the local '{requested}' (could not fetch origin).");
                }

                return (candidate, fetch);
            }
        }

        if (await worktrees.ResolveCommitAsync(project.Path, "HEAD", cancellationToken) is null)
        {
            throw new GroveException(ErrorKind.InvalidInput, NoCommitsMessage(project.Name));
        }

        throw new GroveException(ErrorKind.NotFound, $"Base '{requested}' is not a branch, tag or commit in '{project.Name}'.");
    }

    /// <summary>What to say when a worktree can't start anywhere because the repository has no commit.</summary>
    internal static string NoCommitsMessage(string projectName) =>
        $"'{projectName}' has no commits yet: make a first commit (git commit) before creating a worktree, or use local mode (--local).";

    private async Task<IReadOnlyList<string>> CopyIncludedAsync(Project project, string worktreePath, List<string> warnings, Action<string>? onProgress, CancellationToken cancellationToken)
    {
        try
        {
            var copied = await includeCopier.CopyAsync(project.Path, worktreePath, cancellationToken);
            if (copied.Count > 0)
            {
                onProgress?.Invoke($"copied {copied.Count} file(s) from {WorktreeIncludeCopier.FileName}");
            }

            return copied;
        }
        catch (GroveException ex)
        {
            warnings.Add($"Could not copy {WorktreeIncludeCopier.FileName} files: {ex.Message}");
            return [];
        }
    }

    private async Task<SetupReport> RunSetupAsync(Project project, Workspace workspace, List<string> warnings, Action<string>? onProgress, CancellationToken cancellationToken)
    {
        WorktreeSetupConfig? config;
        try
        {
            config = WorktreeSetupConfig.Find(workspace.WorktreePath, project.Path);
        }
        catch (GroveException ex)
        {
            warnings.Add(ex.Message);
            return new SetupReport(null, [], null, ex.Message);
        }

        if (config is null || config.Commands.Count == 0)
        {
            return SetupReport.None;
        }

        var environment = await workspaceEnvironment.GetAsync(workspace, cancellationToken);
        var report = await setupRunner.RunAsync(config, workspace.WorktreePath, environment, workspace.Name, onProgress, cancellationToken);
        if (!report.Succeeded)
        {
            var failed = report.Commands.Count > 0 ? report.Commands[^1] : null;
            warnings.Add($"Setup command '{failed?.Command}' failed ({(failed?.TimedOut == true ? "timed out" : $"exit {failed?.ExitCode}")}); the workspace was kept. Output: {report.LogFile}");
        }

        return report;
    }

    /// <summary>The <c>worktree.root</c> setting, else GROVE_WORKTREES, else <c>&lt;data&gt;/worktrees</c>.</summary>
    private async Task<string> WorktreesRootAsync(CancellationToken cancellationToken)
    {
        var configured = await settings.GetAsync(SettingKeys.WorktreeRoot, cancellationToken);
        return string.IsNullOrWhiteSpace(configured) ? paths.WorktreesRoot : configured;
    }

    private async Task<string> GenerateNameAsync(Project project, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var candidate = Names.Generate();
            if (await workspaces.FindByNameAsync(project.Id, candidate, cancellationToken) is null &&
                (!project.IsGitRepo || !await worktrees.BranchExistsAsync(project.Path, candidate, cancellationToken)))
            {
                return candidate;
            }

            if (attempt > 20)
            {
                throw new GroveException(ErrorKind.Conflict, "Could not generate a free workspace name.");
            }
        }
    }

    private async Task UndoWorktreeAsync(string repositoryPath, string worktreePath, string branch, string? createdParent, bool worktreeAdded)
    {
        // Never throws: undo is best effort and must not hide the original error.
        try
        {
            if (worktreeAdded || Directory.Exists(worktreePath))
            {
                await worktrees.RemoveAsync(repositoryPath, worktreePath, force: true, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is GroveException or IOException)
        {
            logger.LogWarning("Undo: could not remove worktree {Path}: {Error}", worktreePath, ex.Message);
        }

        try
        {
            await worktrees.PruneAsync(repositoryPath, CancellationToken.None);
            if (await worktrees.BranchExistsAsync(repositoryPath, branch, CancellationToken.None))
            {
                await worktrees.DeleteBranchAsync(repositoryPath, branch, force: true, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is GroveException or IOException)
        {
            logger.LogWarning("Undo: could not delete branch {Branch}: {Error}", branch, ex.Message);
        }

        try
        {
            if (Directory.Exists(worktreePath) && !Directory.EnumerateFileSystemEntries(worktreePath).Any())
            {
                Directory.Delete(worktreePath);
            }

            if (createdParent is not null && Directory.Exists(createdParent) && !Directory.EnumerateFileSystemEntries(createdParent).Any())
            {
                Directory.Delete(createdParent);
            }
        }
        catch (IOException ex)
        {
            logger.LogWarning("Undo: could not remove folder {Path}: {Error}", worktreePath, ex.Message);
        }
    }

    /// <summary>Creates the worktree's parent; returns the top-most folder it had to create (to undo), or null.</summary>
    private static string? CreateParentFolders(string worktreePath)
    {
        var parent = Path.GetDirectoryName(worktreePath)!;
        string? topCreated = null;
        for (var folder = parent; folder is not null && !Directory.Exists(folder); folder = Path.GetDirectoryName(folder))
        {
            topCreated = folder;
        }

        Directory.CreateDirectory(parent);
        return topCreated;
    }

    private static string? BaseBranchName(string? requested, string startPoint)
    {
        var text = requested ?? startPoint;
        return text.StartsWith("origin/", StringComparison.Ordinal) ? text["origin/".Length..] : text;
    }

    private static bool LooksLikeCommit(string text) =>
        text.Length is >= 7 and <= 64 && text.All(char.IsAsciiHexDigit);
}
