namespace Grove.Core.Conflicts;

/// <summary>One workspace of an overlapping pair.</summary>
public sealed record ConflictSide(string WorkspaceId, string Workspace, string? Branch);

/// <summary>
/// Two active workspaces of a project that changed the same files (<see cref="Files"/>), and what a
/// merge of their work would do: <see cref="ConflictedFiles"/> empty when it merges cleanly, the files
/// git could not merge otherwise. <see cref="Error"/> when the dry run itself failed.
/// </summary>
public sealed record WorkspaceOverlap(ConflictSide A, ConflictSide B, IReadOnlyList<string> Files, IReadOnlyList<string> ConflictedFiles, string? Error = null)
{
    public bool Conflicts => ConflictedFiles.Count > 0;

    /// <summary>The other side, seen from <paramref name="workspaceId"/>.</summary>
    public ConflictSide Other(string workspaceId) => A.WorkspaceId == workspaceId ? B : A;

    public bool Involves(string workspaceId) => A.WorkspaceId == workspaceId || B.WorkspaceId == workspaceId;
}

/// <summary>
/// The conflict radar of one project: every pair of its active workspaces whose change sets
/// overlap, judged by a merge dry run. Pairs without a shared file are not listed.
/// </summary>
public sealed record ConflictReport(string ProjectId, string Project, IReadOnlyList<WorkspaceOverlap> Overlaps, DateTimeOffset At)
{
    /// <summary>The overlaps of one workspace (conflicts first).</summary>
    public IReadOnlyList<WorkspaceOverlap> For(string workspaceId) =>
        [.. Overlaps.Where(o => o.Involves(workspaceId)).OrderByDescending(o => o.Conflicts)];

    public int ConflictCount => Overlaps.Count(o => o.Conflicts);
}
