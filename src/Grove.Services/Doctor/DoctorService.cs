using Grove.Git.Security;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Data.Stores;
using Grove.Git.Worktrees;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Doctor;

public enum DoctorIssueKind
{
    /// <summary>The project folder is gone.</summary>
    ProjectFolderMissing,

    /// <summary>A workspace row whose worktree folder is gone (deleted behind Grove's back).</summary>
    MissingWorktree,

    /// <summary>A linked worktree git knows that no workspace row refers to.</summary>
    UnknownWorktree,

    /// <summary>git still registers a worktree whose folder is gone.</summary>
    StaleRegistration,

    /// <summary>An archived workspace whose branch is gone: it can no longer be restored.</summary>
    MissingBranch,
}

/// <summary>One finding; <see cref="Fix"/> says what <c>--fix</c> does (or did) about it.</summary>
public sealed record DoctorIssue(DoctorIssueKind Kind, string Project, string? Workspace, string Path, string Message, string Fix, bool Fixed);

public sealed record DoctorReport(IReadOnlyList<DoctorIssue> Issues, int ProjectsChecked, int WorkspacesChecked)
{
    public bool Healthy => Issues.All(i => i.Fixed);
}

/// <summary>
/// Reconciles the database with <c>git worktree list --porcelain</c>. Reports by default; with
/// fix it prunes stale registrations, archives workspaces whose worktree vanished (so they can be
/// restored from their branch) and adopts unknown worktrees as workspaces.
/// </summary>
public interface IDoctorService
{
    Task<DoctorReport> CheckAsync(bool fix, CancellationToken cancellationToken = default);
}

internal sealed class DoctorService(
    IProjectStore projects,
    IWorkspaceStore workspaces,
    IWorktreeManager worktrees,
    TimeProvider time,
    ILogger<DoctorService> logger) : IDoctorService
{
    public async Task<DoctorReport> CheckAsync(bool fix, CancellationToken cancellationToken = default)
    {
        var issues = new List<DoctorIssue>();
        var allProjects = await projects.ListAsync(cancellationToken);
        var checkedWorkspaces = 0;
        foreach (var project in allProjects)
        {
            var rows = await workspaces.ListAsync(project.Id, includeArchived: true, cancellationToken);
            checkedWorkspaces += rows.Count;
            if (!Directory.Exists(project.Path))
            {
                issues.Add(new DoctorIssue(DoctorIssueKind.ProjectFolderMissing, project.Name, null, project.Path,
                    $"Project folder '{project.Path}' is missing.", "none: move it back, or 'grove project remove --force'", false));
                continue;
            }

            if (!project.IsGitRepo)
            {
                continue;
            }

            await CheckProjectAsync(project, rows, fix, issues, cancellationToken);
        }

        return new DoctorReport(issues, allProjects.Count, checkedWorkspaces);
    }

    private async Task CheckProjectAsync(Project project, IReadOnlyList<Workspace> rows, bool fix, List<DoctorIssue> issues, CancellationToken cancellationToken)
    {
        IReadOnlyList<WorktreeEntry> entries;
        try
        {
            entries = await worktrees.ListAsync(project.Path, cancellationToken);
        }
        catch (GroveException ex)
        {
            issues.Add(new DoctorIssue(DoctorIssueKind.ProjectFolderMissing, project.Name, null, project.Path,
                $"git could not list worktrees of '{project.Name}': {ex.Message}", "none", false));
            return;
        }

        var linked = entries.Where(e => !e.IsMain && !e.IsBare).ToList();
        var known = rows.Where(r => r.Mode == WorkspaceMode.Worktree).ToDictionary(r => Normalize(r.WorktreePath), StringComparer.Ordinal);

        var needsPrune = false;
        foreach (var entry in linked.Where(e => e.IsPrunable || !Directory.Exists(e.Path)))
        {
            needsPrune = true;
            var owner = known.GetValueOrDefault(Normalize(entry.Path));
            issues.Add(new DoctorIssue(DoctorIssueKind.StaleRegistration, project.Name, owner?.Name, entry.Path,
                $"git still registers worktree '{entry.Path}' but the folder is gone.", "git worktree prune", fix));
        }

        foreach (var row in known.Values)
        {
            if (Directory.Exists(row.WorktreePath))
            {
                continue;
            }

            if (row.IsArchived)
            {
                // Archived with its worktree removed: expected, as long as the branch can bring it back.
                if (row.Branch is not null && !await worktrees.BranchExistsAsync(project.Path, row.Branch, cancellationToken))
                {
                    issues.Add(new DoctorIssue(DoctorIssueKind.MissingBranch, project.Name, row.Name, row.WorktreePath,
                        $"Archived workspace '{row.Name}' can't be restored: branch '{row.Branch}' is gone.", "none: 'grove ws rm' it", false));
                }

                continue;
            }

            issues.Add(new DoctorIssue(DoctorIssueKind.MissingWorktree, project.Name, row.Name, row.WorktreePath,
                $"Workspace '{row.Name}': worktree '{row.WorktreePath}' is missing.", "archive it (restore recreates it from its branch)", fix));
            if (fix)
            {
                var now = time.GetUtcNow();
                await workspaces.UpdateAsync(row with { ArchivedAt = now, UpdatedAt = now }, cancellationToken);
            }
        }

        foreach (var entry in linked.Where(e => !e.IsPrunable && Directory.Exists(e.Path) && !known.ContainsKey(Normalize(e.Path))))
        {
            issues.Add(new DoctorIssue(DoctorIssueKind.UnknownWorktree, project.Name, null, entry.Path,
                $"Worktree '{entry.Path}' (branch {entry.Branch ?? "detached"}) is not a Grove workspace.", "adopt it as a workspace", fix));
            if (fix)
            {
                await AdoptAsync(project, entry, cancellationToken);
            }
        }

        if (fix && needsPrune)
        {
            await worktrees.PruneAsync(project.Path, cancellationToken);
        }

        if (fix)
        {
            logger.LogInformation("Doctor fixed {Count} issue(s) in {Project}", issues.Count(i => i.Fixed), project.Name);
        }
    }

    private async Task AdoptAsync(Project project, WorktreeEntry entry, CancellationToken cancellationToken)
    {
        var baseName = Names.Slug(Path.GetFileName(entry.Path));
        var name = baseName;
        for (var i = 2; await workspaces.FindByNameAsync(project.Id, name, cancellationToken) is not null; i++)
        {
            name = $"{baseName}-{i}";
        }

        var now = time.GetUtcNow();
        await workspaces.AddAsync(new Workspace
        {
            Id = Ids.NewWorkspaceId(),
            ProjectId = project.Id,
            Name = name,
            Mode = WorkspaceMode.Worktree,
            WorktreePath = entry.Path,
            Branch = entry.Branch,
            BaseBranch = project.DefaultBranch,
            CreatedAt = now,
            UpdatedAt = now,
        }, cancellationToken);
    }

    private static string Normalize(string path) =>
        Directory.Exists(path) ? PathGuard.RealPath(path) : Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
}
