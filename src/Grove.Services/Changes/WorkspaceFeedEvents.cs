namespace Grove.Services.Changes;

/// <summary><c>files_changed</c>: the debounced bursts of changes in the worktree since the last update (kinds: workingFiles, index, head, refs).</summary>
public sealed record FilesChangedEvent(string WorkspaceId, IReadOnlyList<string> Kinds, IReadOnlyList<string> Paths, DateTimeOffset At);

/// <summary>
/// <c>status</c>: the workspace's changes against its base, as the sidebar and <c>grove ws list --stats</c>
/// count them. <see cref="Git"/> is false for a local-mode workspace outside git (no counts, and no error).
/// </summary>
public sealed record WorkspaceTotals(
    string WorkspaceId, string? Branch, int ChangedFiles, int Added, int Deleted, int Ahead, int Behind, string? Error, DateTimeOffset At, bool Git = true);

/// <summary><c>tab_status</c>: a tab of this workspace changed status (running, needsinput, idle, error…).</summary>
public sealed record WorkspaceTabStatusEvent(string WorkspaceId, string TabId, string Name, string? Status, DateTimeOffset At);

/// <summary>
/// What happened in a workspace since the feed's last update, merged: the file bursts, the newest
/// status of each tab that changed, and the totals when they were due (<see cref="Recount"/>: files
/// changed, <see cref="IWorkspaceFeed.Refresh"/> was asked, or the feed just started).
/// </summary>
public sealed record WorkspaceFeedUpdate(FilesChangedEvent? Files, IReadOnlyList<WorkspaceTabStatusEvent> Tabs, bool Recount, WorkspaceTotals? Totals);

/// <summary>What a feed follows. <see cref="Totals"/> costs git processes per update; leave it off when the consumer reads its own view.</summary>
public sealed record WorkspaceFeedOptions(bool WatchFiles = true, bool TabStatuses = true, bool Totals = true);
