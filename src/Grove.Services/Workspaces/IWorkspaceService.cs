using Grove.Core.Domain;
using Grove.Git.Worktrees;
using Grove.Services.Setup;

namespace Grove.Services.Workspaces;

/// <summary>What to create. Null fields take sensible defaults.</summary>
public sealed record CreateWorkspaceRequest
{
    /// <summary>Project id, name or path.</summary>
    public required string Project { get; init; }

    /// <summary>Workspace name; generated (e.g. <c>swift-otter-3fa2</c>) when null.</summary>
    public string? Name { get; init; }

    /// <summary>New branch name; the workspace name when null. Validated with <c>git check-ref-format</c>.</summary>
    public string? Branch { get; init; }

    /// <summary>Base: a local branch, <c>origin/&lt;branch&gt;</c>, a tag or a commit. Project default branch when null.</summary>
    public string? Base { get; init; }

    public WorkspaceMode Mode { get; init; } = WorkspaceMode.Worktree;

    /// <summary>Where the worktree goes; <c>&lt;worktree root&gt;/&lt;project&gt;/&lt;name&gt;</c> when null.</summary>
    public string? Path { get; init; }

    /// <summary>Skip fetching the base branch first.</summary>
    public bool NoFetch { get; init; }

    /// <summary>Skip the project's setup commands.</summary>
    public bool NoSetup { get; init; }

    /// <summary>Bound on the fetch (default 20 s).</summary>
    public TimeSpan? FetchTimeout { get; init; }
}

public sealed record CreateWorkspaceResult(
    Workspace Workspace,
    FetchOutcome? Fetch,
    string? StartPoint,
    IReadOnlyList<string> CopiedFiles,
    SetupReport Setup,
    IReadOnlyList<string> Warnings);

public sealed record DeleteWorkspaceOptions
{
    /// <summary>Also delete the branch (<c>-D</c> when forced).</summary>
    public bool DeleteBranch { get; init; }

    /// <summary>Remove the worktree even if it has uncommitted changes.</summary>
    public bool Force { get; init; }
}

/// <summary>Creates, archives, restores and deletes workspaces, keeping database and disk in step.</summary>
public interface IWorkspaceService
{
    /// <summary>
    /// Fetches the base, creates the worktree on a new branch, stores the row, copies
    /// <c>.worktreeinclude</c> files and runs setup. If the worktree or the row can't be made, what
    /// was done is undone: no row without a worktree, no worktree (or new branch) without a row.
    /// </summary>
    Task<CreateWorkspaceResult> CreateAsync(CreateWorkspaceRequest request, Action<string>? onProgress = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Workspace>> ListAsync(string? project = null, bool includeArchived = false, CancellationToken cancellationToken = default);

    /// <summary>Finds a workspace by id, name, or <c>project/name</c>. Throws NotFound, or InvalidInput when ambiguous.</summary>
    Task<Workspace> ResolveAsync(string reference, CancellationToken cancellationToken = default);

    /// <summary>Marks archived; keeps the branch. Removes the worktree when asked (refused if dirty unless forced).</summary>
    Task<Workspace> ArchiveAsync(string reference, bool removeWorktree = false, bool force = false, CancellationToken cancellationToken = default);

    /// <summary>Clears the archive mark and recreates the worktree from its branch if it is gone.</summary>
    Task<Workspace> RestoreAsync(string reference, CancellationToken cancellationToken = default);

    /// <summary>Removes the worktree and the row; the branch is kept unless asked.</summary>
    Task DeleteAsync(string reference, DeleteWorkspaceOptions? options = null, CancellationToken cancellationToken = default);
}
