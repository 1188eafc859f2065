namespace Grove.Services.Files;

/// <summary>A file (or folder, ending in '/') of a workspace that matched a search.</summary>
/// <param name="Path">Relative to the worktree, '/' separated; never leaves it.</param>
/// <param name="Score">Higher is better.</param>
/// <param name="Positions">Indexes of the matched characters in <paramref name="Path"/> (for highlighting).</param>
public sealed record FileMatch(string Path, int Score, IReadOnlyList<int> Positions)
{
    public bool IsFolder => Path.EndsWith('/');
}

/// <summary>
/// The files of a workspace for <c>@</c> mentions: what <c>git ls-files --cached --others
/// --exclude-standard</c> lists in the worktree (ignored files left out), confined to it, cached
/// briefly per workspace, searched fuzzily.
/// </summary>
public interface IWorkspaceFiles
{
    /// <summary>Every file of the workspace (relative, '/' separated), from the cache when it is fresh.</summary>
    Task<IReadOnlyList<string>> ListAsync(string workspace, CancellationToken cancellationToken = default);

    /// <summary>
    /// Files and folders matching <paramref name="query"/> fuzzily, best first. An empty query lists
    /// top-level entries first. A query that tries to leave the worktree (absolute, <c>~</c>,
    /// <c>..</c>) is refused with a <see cref="Core.Errors.SecurityViolationException"/>.
    /// </summary>
    Task<IReadOnlyList<FileMatch>> SearchAsync(string workspace, string query, int limit = 20, CancellationToken cancellationToken = default);

    /// <summary>Forgets the cached list of a workspace (by id), e.g. after the agent wrote files.</summary>
    void Invalidate(string workspaceId);
}
