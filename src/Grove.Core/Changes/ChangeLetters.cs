namespace Grove.Core.Changes;

/// <summary>
/// git's one-letter change codes (<c>status --porcelain</c> X/Y, <c>diff --raw</c>,
/// <c>diff --name-status</c>) → the kind of change. The one mapping every parser and view uses.
/// </summary>
public static class ChangeLetters
{
    public static FileChangeKind KindOf(char letter) => letter switch
    {
        'A' => FileChangeKind.Added,
        'D' => FileChangeKind.Deleted,
        'R' => FileChangeKind.Renamed,
        'C' => FileChangeKind.Copied,
        'T' => FileChangeKind.TypeChanged,
        'U' => FileChangeKind.Conflicted,
        '?' => FileChangeKind.Untracked,
        '!' => FileChangeKind.Ignored,
        _ => FileChangeKind.Modified,
    };
}
