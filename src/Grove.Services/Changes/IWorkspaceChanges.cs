using Grove.Core.Changes;
using Grove.Core.Domain;
using Grove.Git.Changes;

namespace Grove.Services.Changes;

/// <summary>
/// Status and diff totals of one workspace, for lists and the sidebar. Status, Diff and Error are all
/// null for a local-mode workspace outside git (nothing to count, nothing wrong).
/// </summary>
public sealed record WorkspaceChangeSummary(Workspace Workspace, WorkingTreeStatus? Status, DiffSummary? Diff, string? Error);

/// <summary>The changes of workspaces, addressed by workspace reference (id, name, project/name).</summary>
public interface IWorkspaceChanges
{
    Task<WorkingTreeStatus> GetStatusAsync(string workspace, CancellationToken cancellationToken = default);

    /// <summary>Numstat against the workspace's base (committed + uncommitted + untracked).</summary>
    Task<DiffSummary> GetDiffSummaryAsync(string workspace, CancellationToken cancellationToken = default);

    Task<string> GetDiffAsync(string workspace, string? path = null, CancellationToken cancellationToken = default);

    /// <summary>Numstat of what is not committed yet (staged, unstaged, untracked) against HEAD.</summary>
    Task<DiffSummary> GetUncommittedDiffSummaryAsync(string workspace, CancellationToken cancellationToken = default);

    /// <summary>Unified diff of what is not committed yet against HEAD (optionally one path), untracked files shown as new.</summary>
    Task<string> GetUncommittedDiffAsync(string workspace, string? path = null, CancellationToken cancellationToken = default);

    /// <summary>The start of <see cref="GetDiffAsync"/> (one path), at most <paramref name="maxChars"/> characters: what a view shows, never a huge diff whole.</summary>
    Task<DiffPreview> GetDiffPreviewAsync(string workspace, string? path, int maxChars = DiffPreview.DefaultMaxChars, CancellationToken cancellationToken = default);

    /// <summary>The start of <see cref="GetUncommittedDiffAsync"/>, at most <paramref name="maxChars"/> characters.</summary>
    Task<DiffPreview> GetUncommittedDiffPreviewAsync(string workspace, string? path, int maxChars = DiffPreview.DefaultMaxChars, CancellationToken cancellationToken = default);

    /// <summary>Status and diff totals of many workspaces at once (bounded parallelism).</summary>
    Task<IReadOnlyList<WorkspaceChangeSummary>> GetSummariesAsync(IReadOnlyList<Workspace> workspaces, CancellationToken cancellationToken = default);

    /// <summary>The same as <see cref="GetSummariesAsync"/>, as the totals the front ends show (in the same order).</summary>
    Task<IReadOnlyList<WorkspaceTotals>> GetTotalsAsync(IReadOnlyList<Workspace> workspaces, CancellationToken cancellationToken = default);

    Task StageAsync(string workspace, IReadOnlyList<string> paths, CancellationToken cancellationToken = default);

    Task UnstageAsync(string workspace, IReadOnlyList<string> paths, CancellationToken cancellationToken = default);

    Task DiscardAsync(string workspace, IReadOnlyList<string> paths, CancellationToken cancellationToken = default);

    Task<string> CommitAsync(string workspace, string message, IReadOnlyList<string>? paths = null, bool stageAll = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether the workspace's repository has an <c>origin</c> remote, the one Push and Pull use (views
    /// hide them without it). git's config is read again only when it changed.
    /// </summary>
    Task<bool> HasOriginAsync(string workspace, CancellationToken cancellationToken = default);

    Task PushAsync(string workspace, Action<string>? onProgress = null, CancellationToken cancellationToken = default);

    Task PullAsync(string workspace, CancellationToken cancellationToken = default);

    Task ForcePushAsync(string workspace, bool confirmProtected, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<CommitInfo>> GetHistoryAsync(string workspace, int limit = 50, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<BranchInfo>> ListBranchesAsync(string workspace, CancellationToken cancellationToken = default);
}
