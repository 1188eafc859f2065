namespace Grove.Core.Changes;

/// <summary>Branch line of <c>git status --porcelain=v2 --branch</c>.</summary>
public sealed record BranchStatus(string? Head, string? Oid, string? Upstream, int Ahead, int Behind);

public enum FileChangeKind
{
    Modified,
    Added,
    Deleted,
    Renamed,
    Copied,
    TypeChanged,
    Untracked,
    Ignored,
    Conflicted,
}

/// <summary>One changed path. Index/WorkTree are the porcelain X/Y letters ('.' for unchanged).</summary>
public sealed record FileStatus(string Path, FileChangeKind Kind, char Index, char WorkTree, string? OriginalPath)
{
    public bool IsStaged => Index is not '.' and not '?' and not '!';
    public bool IsUnstaged => WorkTree is not '.' || Kind == FileChangeKind.Untracked;

    /// <summary>The kind of the staged change (the X letter).</summary>
    public FileChangeKind IndexKind => ChangeLetters.KindOf(Index);

    /// <summary>The kind of the unstaged change (the Y letter).</summary>
    public FileChangeKind WorkTreeKind => ChangeLetters.KindOf(WorkTree);
}

public sealed record WorkingTreeStatus(BranchStatus Branch, IReadOnlyList<FileStatus> Files)
{
    public bool IsClean => Files.Count == 0;
}
