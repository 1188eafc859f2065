using Grove.Core.Conflicts;

namespace Grove.Services.Conflicts;

/// <summary>
/// The conflict radar: for the active (non-archived) workspaces of a project, the files changed in
/// two or more of them (from the change sets Grove already tracks, one status read per workspace,
/// never a git call per pair) and, for each overlapping pair, a <c>git merge-tree --write-tree</c>
/// dry run between their work (commits plus uncommitted tracked changes) that tells a real conflict
/// from an overlap that merges cleanly. Dry runs are cached by the two commits, so an unchanged pair
/// is never merged twice.
/// </summary>
public interface IConflictRadar
{
    /// <summary>
    /// The report of one project (id, name or path). <paramref name="refresh"/> re-reads every workspace's
    /// status first (the CLI, the API); false uses the change sets already known and reads only the missing ones (the UI,
    /// which follows <see cref="Changed"/>).
    /// </summary>
    Task<ConflictReport> GetAsync(string project, bool refresh = true, CancellationToken cancellationToken = default);

    /// <summary>The reports of every project that has two or more active workspaces.</summary>
    Task<IReadOnlyList<ConflictReport>> GetAllAsync(bool refresh = true, CancellationToken cancellationToken = default);

    /// <summary>Raised with a project id when a workspace's change set changed: its report may differ now.</summary>
    event Action<string>? Changed;
}
