using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Data.Stores;
using Grove.Git.Worktrees;
using Grove.Services.Projects;
using Grove.Services.Runs;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Workspaces;

internal sealed class WorkspaceService(
    IProjectService projectService,
    IProjectStore projects,
    IWorkspaceStore workspaces,
    IWorktreeManager worktrees,
    WorkspaceCreator creator,
    IWorkspaceClosingHooks closingHooks,
    WorkspaceTeardown teardown,
    IAgentTabStore tabs,
    Checkpoints.TurnCheckpoints checkpoints,
    Conflicts.ChangeSetBook changeSets,
    TimeProvider time,
    Analytics.IAnalytics analytics,
    ILogger<WorkspaceService> logger) : IWorkspaceService
{
    public async Task<CreateWorkspaceResult> CreateAsync(CreateWorkspaceRequest request, Action<string>? onProgress = null, CancellationToken cancellationToken = default)
    {
        var result = await creator.CreateAsync(request, onProgress, cancellationToken);
        analytics.Track(Analytics.AnalyticsEvents.WorkspaceCreated, new Dictionary<string, object> { ["mode"] = result.Workspace.Mode == WorkspaceMode.Worktree ? "worktree" : "local" });
        return result;
    }

    public async Task<IReadOnlyList<Workspace>> ListAsync(string? project = null, bool includeArchived = false, CancellationToken cancellationToken = default)
    {
        var projectId = project is null ? null : (await projectService.ResolveAsync(project, cancellationToken)).Id;
        return await workspaces.ListAsync(projectId, includeArchived, cancellationToken);
    }

    public async Task<Workspace> ResolveAsync(string reference, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            throw new GroveException(ErrorKind.InvalidInput, "A workspace name or id is required.");
        }

        var byId = await workspaces.GetAsync(reference, cancellationToken);
        if (byId is not null)
        {
            return byId;
        }

        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            var project = await projectService.ResolveAsync(reference[..slash], cancellationToken);
            return await workspaces.FindByNameAsync(project.Id, reference[(slash + 1)..], cancellationToken)
                ?? throw new GroveException(ErrorKind.NotFound, $"No workspace '{reference[(slash + 1)..]}' in project '{project.Name}'.");
        }

        var matches = (await workspaces.ListAsync(null, includeArchived: true, cancellationToken))
            .Where(w => string.Equals(w.Name, reference, StringComparison.Ordinal))
            .ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new GroveException(ErrorKind.NotFound, $"No workspace '{reference}'. See 'grove ws list'."),
            _ => throw new GroveException(ErrorKind.InvalidInput, $"'{reference}' names workspaces in {matches.Count} projects; use <project>/<name>."),
        };
    }

    public async Task<Workspace> ArchiveAsync(string reference, bool removeWorktree = false, bool force = false, CancellationToken cancellationToken = default)
    {
        var workspace = await ResolveAsync(reference, cancellationToken);
        var project = await GetProjectAsync(workspace, cancellationToken);
        var removing = removeWorktree && workspace.Mode == WorkspaceMode.Worktree && Directory.Exists(workspace.WorktreePath);
        if (removing)
        {
            await EnsureCleanAsync(workspace, force, "archive --remove-worktree", cancellationToken);
        }

        // Its terminals (and whatever else runs there) end, the run script stops and teardown runs,
        // all while the worktree is still there.
        await closingHooks.RunAsync(workspace, cancellationToken);
        if (workspace.ArchivedAt is null)
        {
            await teardown.RunAsync(workspace, cancellationToken);
        }

        if (removing)
        {
            await worktrees.RemoveAsync(project.Path, workspace.WorktreePath, force: true, cancellationToken);
        }

        var now = time.GetUtcNow();
        var archived = workspace with { ArchivedAt = workspace.ArchivedAt ?? now, UpdatedAt = now };
        await workspaces.UpdateAsync(archived, cancellationToken);
        if (workspace.ArchivedAt is null)
        {
            analytics.Track(Analytics.AnalyticsEvents.WorkspaceArchived);
        }
        await teardown.ReleasePortsAsync(workspace, cancellationToken);
        changeSets.Forget(workspace.Id, workspace.ProjectId);
        logger.LogInformation("Archived workspace {Workspace} (worktree removed: {Removed})", workspace.Name, removeWorktree);
        return archived;
    }

    public async Task<Workspace> RestoreAsync(string reference, CancellationToken cancellationToken = default)
    {
        var workspace = await ResolveAsync(reference, cancellationToken);
        var project = await GetProjectAsync(workspace, cancellationToken);
        var recreated = false;
        if (workspace.Mode == WorkspaceMode.Worktree && !Directory.Exists(workspace.WorktreePath))
        {
            if (workspace.Branch is null || !await worktrees.BranchExistsAsync(project.Path, workspace.Branch, cancellationToken))
            {
                throw new GroveException(ErrorKind.NotFound, $"Cannot restore '{workspace.Name}': its branch '{workspace.Branch}' no longer exists.");
            }

            // A stale registration (folder deleted behind git's back) would block 'worktree add'.
            await worktrees.PruneAsync(project.Path, cancellationToken);
            Directory.CreateDirectory(Path.GetDirectoryName(workspace.WorktreePath)!);
            await worktrees.AddForExistingBranchAsync(project.Path, workspace.WorktreePath, workspace.Branch, cancellationToken);
            recreated = true;
        }

        var restored = workspace with { ArchivedAt = null, UpdatedAt = time.GetUtcNow() };
        try
        {
            await workspaces.UpdateAsync(restored, cancellationToken);
        }
        catch when (recreated)
        {
            await worktrees.RemoveAsync(project.Path, workspace.WorktreePath, force: true, CancellationToken.None);
            throw;
        }

        changeSets.Forget(workspace.Id, workspace.ProjectId);
        logger.LogInformation("Restored workspace {Workspace}", workspace.Name);
        return restored;
    }

    public async Task DeleteAsync(string reference, DeleteWorkspaceOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DeleteWorkspaceOptions();
        var workspace = await ResolveAsync(reference, cancellationToken);
        var project = await GetProjectAsync(workspace, cancellationToken);
        if (workspace.Mode == WorkspaceMode.Worktree && Directory.Exists(workspace.WorktreePath))
        {
            await EnsureCleanAsync(workspace, options.Force, "rm", cancellationToken);
        }

        await closingHooks.RunAsync(workspace, cancellationToken);
        if (workspace.ArchivedAt is null)
        {
            await teardown.RunAsync(workspace, cancellationToken);
        }

        if (workspace.Mode == WorkspaceMode.Worktree)
        {
            if (Directory.Exists(workspace.WorktreePath))
            {
                await worktrees.RemoveAsync(project.Path, workspace.WorktreePath, force: true, cancellationToken);
            }
            else
            {
                await worktrees.PruneAsync(project.Path, cancellationToken);
            }
        }

        var workspaceTabs = await tabs.ListAsync(workspace.Id, cancellationToken);
        await workspaces.DeleteAsync(workspace.Id, cancellationToken);
        changeSets.Forget(workspace.Id, workspace.ProjectId);
        foreach (var tab in workspaceTabs)
        {
            await checkpoints.PruneAsync(project.Path, tab.Id, cancellationToken);
        }

        if (options.DeleteBranch && workspace.Mode == WorkspaceMode.Worktree && workspace.Branch is not null &&
            await worktrees.BranchExistsAsync(project.Path, workspace.Branch, cancellationToken))
        {
            await worktrees.DeleteBranchAsync(project.Path, workspace.Branch, force: options.Force, cancellationToken);
        }

        logger.LogInformation("Deleted workspace {Workspace} (branch deleted: {DeleteBranch})", workspace.Name, options.DeleteBranch);
    }

    private async Task<Project> GetProjectAsync(Workspace workspace, CancellationToken cancellationToken) =>
        await projects.GetAsync(workspace.ProjectId, cancellationToken)
        ?? throw new GroveException(ErrorKind.NotFound, $"The project of workspace '{workspace.Name}' is gone.");

    private async Task EnsureCleanAsync(Workspace workspace, bool force, string action, CancellationToken cancellationToken)
    {
        if (!force && await worktrees.IsDirtyAsync(workspace.WorktreePath, cancellationToken))
        {
            throw new GroveException(
                ErrorKind.DirtyTree,
                $"Workspace '{workspace.Name}' has uncommitted changes; commit them or pass --force to '{action}' anyway.");
        }
    }
}
