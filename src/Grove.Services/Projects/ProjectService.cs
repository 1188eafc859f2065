using Grove.Core.Changes;
using Grove.Git.Security;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Data.Stores;
using Grove.Git.Changes;
using Grove.Git.Repositories;
using Grove.Services.Workspaces;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Projects;

internal sealed class ProjectService(
    IProjectStore projects,
    IWorkspaceStore workspaces,
    IRepositoryInspector inspector,
    IChangesWriter git,
    IServiceProvider services,
    TimeProvider time,
    Analytics.IAnalytics analytics,
    ILogger<ProjectService> logger) : IProjectService
{
    private readonly GitConfigStamps _configStamps = new();

    public async Task<Project> AddAsync(string folder, string? name = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            throw new GroveException(ErrorKind.InvalidInput, "A folder is required.");
        }

        var full = Path.GetFullPath(folder);
        if (File.Exists(full))
        {
            throw new GroveException(ErrorKind.InvalidInput, $"'{folder}' is a file, not a folder.");
        }

        if (!Directory.Exists(full))
        {
            throw new GroveException(ErrorKind.NotFound, $"'{folder}' is not a folder (it does not exist).");
        }

        full = PathGuard.RealPath(full);
        var repository = await inspector.InspectAsync(full, cancellationToken);
        var path = repository is null ? full : PathGuard.RealPath(repository.TopLevel);

        var existing = await projects.FindByPathAsync(path, cancellationToken);
        if (existing is not null)
        {
            throw new GroveException(ErrorKind.AlreadyExists, $"'{path}' is already registered as project '{existing.Name}'.");
        }

        var projectName = name is null ? await UniqueNameAsync(Path.GetFileName(path), cancellationToken) : Names.ValidateProjectName(name);
        if (name is not null && await projects.FindByNameAsync(projectName, cancellationToken) is not null)
        {
            throw new GroveException(ErrorKind.AlreadyExists, $"A project named '{projectName}' already exists.");
        }

        var now = time.GetUtcNow();
        var project = new Project
        {
            Id = Ids.NewProjectId(),
            Name = projectName,
            Path = path,
            IsGitRepo = repository is not null,
            GitRemoteUrl = repository?.OriginUrl,
            Provider = repository?.Remote?.Provider,
            Owner = repository?.Remote?.Owner,
            Repo = repository?.Remote?.Repo,
            DefaultBranch = repository?.DefaultBranch,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await projects.AddAsync(project, cancellationToken);
        logger.LogInformation("Added project {ProjectName} at {ProjectPath} (git: {IsGit})", project.Name, project.Path, project.IsGitRepo);
        analytics.Track(Analytics.AnalyticsEvents.ProjectOpened, new Dictionary<string, object> { ["source"] = project.IsGitRepo ? "git" : "folder" });
        return project;
    }

    public async Task<IReadOnlyList<Project>> ListAsync(CancellationToken cancellationToken = default)
    {
        var list = await projects.ListAsync(cancellationToken);
        var current = new List<Project>(list.Count);
        foreach (var project in list)
        {
            current.Add(await WithCurrentGitMetadataAsync(project, cancellationToken));
        }

        return current;
    }

    public async Task<Project> ResolveAsync(string reference, CancellationToken cancellationToken = default) =>
        await WithCurrentGitMetadataAsync(await FindAsync(reference, cancellationToken), cancellationToken);

    private async Task<Project> FindAsync(string reference, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            throw new GroveException(ErrorKind.InvalidInput, "A project name, id or path is required.");
        }

        var project = await projects.GetAsync(reference, cancellationToken)
            ?? await projects.FindByNameAsync(reference, cancellationToken);
        if (project is null && (reference.Contains('/') || reference.Contains('\\') || reference == "."))
        {
            var full = Path.GetFullPath(reference);
            project = await projects.FindByPathAsync(Directory.Exists(full) ? PathGuard.RealPath(full) : full, cancellationToken);
        }

        return project ?? throw new GroveException(ErrorKind.NotFound, $"No project '{reference}'. See 'grove project list'.");
    }

    public async Task RemoveAsync(string reference, bool force = false, CancellationToken cancellationToken = default)
    {
        var project = await FindAsync(reference, cancellationToken);
        var owned = await workspaces.ListAsync(project.Id, includeArchived: true, cancellationToken);
        if (owned.Count > 0 && !force)
        {
            throw new GroveException(
                ErrorKind.Conflict,
                $"Project '{project.Name}' has {owned.Count} workspace(s); delete them first or pass --force (worktrees are removed, branches kept).");
        }

        if (owned.Count > 0)
        {
            // Resolved lazily: the workspace service depends on this service.
            var workspaceService = (IWorkspaceService)services.GetService(typeof(IWorkspaceService))!;
            foreach (var workspace in owned)
            {
                await workspaceService.DeleteAsync(workspace.Id, new DeleteWorkspaceOptions { Force = true }, cancellationToken);
            }
        }

        await projects.DeleteAsync(project.Id, cancellationToken);
        logger.LogInformation("Removed project {ProjectName}", project.Name);
    }

    public async Task<IReadOnlyList<BranchInfo>> ListBranchesAsync(string reference, CancellationToken cancellationToken = default)
    {
        var project = await FindAsync(reference, cancellationToken);
        if (!project.IsGitRepo)
        {
            return [];
        }

        if (!Directory.Exists(project.Path))
        {
            throw new GroveException(ErrorKind.NotFound, $"Project folder '{project.Path}' is missing.");
        }

        return await git.ListBranchesAsync(project.Path, includeRemote: true, cancellationToken);
    }

    public async Task<Project> RefreshAsync(string reference, CancellationToken cancellationToken = default)
    {
        var project = await FindAsync(reference, cancellationToken);
        var updated = await ReadGitMetadataAsync(project, cancellationToken) with { UpdatedAt = time.GetUtcNow() };
        await projects.UpdateAsync(updated, cancellationToken);
        return updated;
    }

    /// <summary>
    /// The project with its origin and default branch as git has them now: re-read when the
    /// repository's config changed since Grove last read it, and stored (with the time it was read,
    /// so the next process does not read it again).
    /// </summary>
    private async Task<Project> WithCurrentGitMetadataAsync(Project project, CancellationToken cancellationToken)
    {
        if (!project.IsGitRepo || !Directory.Exists(project.Path) || !_configStamps.Changed(project.Path, project.UpdatedAt, out var stamp))
        {
            return project;
        }

        var read = await ReadGitMetadataAsync(project, cancellationToken);
        _configStamps.Remember(project.Path, stamp);
        if (!read.IsGitRepo)
        {
            return project;
        }

        var updated = read with { UpdatedAt = time.GetUtcNow() };
        await projects.UpdateAsync(updated, cancellationToken);
        if (read.GitRemoteUrl != project.GitRemoteUrl)
        {
            logger.LogInformation("Project {ProjectName}: origin is now {Origin}", project.Name, updated.GitRemoteUrl ?? "(none)");
        }

        return read.GitRemoteUrl == project.GitRemoteUrl && read.DefaultBranch == project.DefaultBranch ? project : updated;
    }

    private async Task<Project> ReadGitMetadataAsync(Project project, CancellationToken cancellationToken)
    {
        var repository = await inspector.InspectAsync(project.Path, cancellationToken);
        return project with
        {
            IsGitRepo = repository is not null,
            GitRemoteUrl = repository?.OriginUrl,
            Provider = repository?.Remote?.Provider,
            Owner = repository?.Remote?.Owner,
            Repo = repository?.Remote?.Repo,
            DefaultBranch = repository?.DefaultBranch,
        };
    }

    private async Task<string> UniqueNameAsync(string folderName, CancellationToken cancellationToken)
    {
        var baseName = Names.Slug(folderName);
        var candidate = baseName;
        for (var i = 2; await projects.FindByNameAsync(candidate, cancellationToken) is not null; i++)
        {
            candidate = $"{baseName}-{i}";
        }

        return candidate;
    }
}
