using Grove.Core.Changes;
using Grove.Core.Domain;
using Grove.Git.Changes;

namespace Grove.Services.Projects;

/// <summary>Registers folders as projects and finds them again.</summary>
public interface IProjectService
{
    /// <summary>
    /// Adds <paramref name="folder"/>: a git repository (its top level is registered, with origin,
    /// provider/owner/repo and default branch) or a plain folder (local-mode workspaces only).
    /// </summary>
    Task<Project> AddAsync(string folder, string? name = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every project, with its origin and default branch as git has them now (re-read when the
    /// repository's config changed since Grove last looked, and the stored copy updated).
    /// </summary>
    Task<IReadOnlyList<Project>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Finds a project by id, name or path, with its current origin (as <see cref="ListAsync"/>). Throws NotFound.</summary>
    Task<Project> ResolveAsync(string reference, CancellationToken cancellationToken = default);

    /// <summary>
    /// Forgets a project. Refused while it has workspaces unless <paramref name="force"/>, which
    /// first deletes each workspace (its worktree removed, its branch kept).
    /// </summary>
    Task RemoveAsync(string reference, bool force = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// The project's local branches and remote-tracking branches (<c>origin/…</c>), e.g. to pick a
    /// workspace's base. Empty for a folder that is not a git repository.
    /// </summary>
    Task<IReadOnlyList<BranchInfo>> ListBranchesAsync(string reference, CancellationToken cancellationToken = default);

    /// <summary>Re-reads git metadata (origin, default branch) and stores it.</summary>
    Task<Project> RefreshAsync(string reference, CancellationToken cancellationToken = default);
}
