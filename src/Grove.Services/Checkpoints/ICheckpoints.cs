using Grove.Core.Workspaces;

namespace Grove.Services.Checkpoints;

/// <summary>
/// The checkpoints Grove takes before every agent turn (a private git ref per turn of a tab), and
/// putting a workspace's files back as they were before a turn.
/// </summary>
public interface ICheckpoints
{
    /// <summary>
    /// A tab's checkpoints, numbered from 1 in turn order, each with the files that differ now.
    /// <paramref name="tab"/> is a tab id or name in the workspace; null means the workspace's only
    /// tab, or its most recently active one.
    /// </summary>
    Task<IReadOnlyList<Checkpoint>> ListAsync(string workspace, string? tab = null, CancellationToken cancellationToken = default);

    /// <summary>One checkpoint with the files a restore would change.</summary>
    Task<Checkpoint> GetAsync(string workspace, int number, string? tab = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Puts the work tree back as it was before turn <paramref name="number"/>: files changed or
    /// deleted since are written back, files created since are removed; the index, HEAD and branch
    /// stay as they are. Refused (Conflict) while the tab's agent runs a turn. With
    /// <paramref name="fork"/>, the conversation is also forked from just before that turn.
    /// </summary>
    Task<CheckpointRestore> RestoreAsync(string workspace, int number, string? tab = null, bool fork = false, CancellationToken cancellationToken = default);
}
