namespace Grove.Core.Workspaces;

/// <summary>
/// The work tree as it was before one agent turn of a tab. <see cref="Number"/> counts the tab's
/// turns from 1; <see cref="AfterSequence"/> is the tab's last transcript event before the turn (the
/// turn's user message comes after it). <see cref="ChangedSince"/> lists what differs now.
/// </summary>
public sealed record Checkpoint(
    int Number,
    string TabId,
    string TabName,
    DateTimeOffset CreatedAt,
    string Prompt,
    long AfterSequence,
    string Commit,
    IReadOnlyList<CheckpointFile> ChangedSince);

/// <summary>A file that a restore changes: <see cref="Change"/> is <c>restored</c> (written back as it was), <c>recreated</c> (was deleted since) or <c>removed</c> (created since).</summary>
public sealed record CheckpointFile(string Path, string Change)
{
    public const string Restored = "restored";
    public const string Recreated = "recreated";
    public const string Removed = "removed";
}

/// <summary>What a restore did; <see cref="ForkTabId"/> names the new tab when the conversation was forked too.</summary>
public sealed record CheckpointRestore(Checkpoint Checkpoint, IReadOnlyList<CheckpointFile> Files, string? ForkTabId);
