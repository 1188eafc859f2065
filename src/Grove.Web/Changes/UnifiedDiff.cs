namespace Grove.Web.Changes;

public enum DiffLineKind
{
    Context,
    Added,
    Deleted,

    /// <summary><c>\ No newline at end of file</c>: applies to the line before it.</summary>
    NoNewline,
}

/// <summary>One line of a hunk, with its number in the old and/or new file (none for the no-newline marker).</summary>
public sealed record DiffLine(DiffLineKind Kind, int? OldNumber, int? NewNumber, string Text);

/// <summary>
/// <c>@@ -OldStart,OldCount +NewStart,NewCount @@ Section</c> and its lines. Section is the
/// function or heading git found above the hunk (may be empty).
/// </summary>
public sealed record DiffHunk(int OldStart, int OldCount, int NewStart, int NewCount, string Section, IReadOnlyList<DiffLine> Lines)
{
    public string Header => $"@@ -{OldStart},{OldCount} +{NewStart},{NewCount} @@";
}

public enum DiffFileKind
{
    Modified,
    Added,
    Deleted,
    Renamed,
    Copied,
}

/// <summary>
/// One file of a unified diff. OldPath is null for an added file, NewPath for a deleted one.
/// Binary files have no hunks; a pure rename or mode change has none either.
/// </summary>
public sealed record FileDiff(
    string? OldPath,
    string? NewPath,
    DiffFileKind Kind,
    bool IsBinary,
    int? Similarity,
    string? OldMode,
    string? NewMode,
    IReadOnlyList<DiffHunk> Hunks)
{
    /// <summary>The path to show: the new one, or the old one for a deleted file.</summary>
    public string Path => NewPath ?? OldPath ?? "";

    public int Added => Hunks.Sum(h => h.Lines.Count(l => l.Kind == DiffLineKind.Added));

    public int Deleted => Hunks.Sum(h => h.Lines.Count(l => l.Kind == DiffLineKind.Deleted));

    public int LineCount => Hunks.Sum(h => h.Lines.Count);

    public bool ModeChanged => OldMode is not null && NewMode is not null && OldMode != NewMode;
}
