using Grove.Core.Changes;

namespace Grove.Web.Changes;

public enum ChangeState
{
    Staged,
    Unstaged,
}

/// <summary>
/// One row of the panel: a path in the staged or the unstaged list (a partly staged file is in
/// both). The counts are the file's uncommitted lines against HEAD.
/// </summary>
public sealed record ChangedFile(string Path, string? OriginalPath, FileChangeKind Kind, ChangeState State, int Added, int Deleted, bool Binary)
{
    public string StateName => State == ChangeState.Staged ? "staged" : "unstaged";

    public string KindName => Kind.ToString().ToLowerInvariant();

    /// <summary>The letter shown beside the name (as in git status and editors).</summary>
    public string Letter => Kind switch
    {
        FileChangeKind.Added => "A",
        FileChangeKind.Deleted => "D",
        FileChangeKind.Renamed => "R",
        FileChangeKind.Copied => "C",
        FileChangeKind.TypeChanged => "T",
        FileChangeKind.Untracked => "U",
        FileChangeKind.Conflicted => "!",
        _ => "M",
    };

    /// <summary>The paths git must be given to act on this row: a rename needs its old path too.</summary>
    public IReadOnlyList<string> GitPaths => OriginalPath is null ? [Path] : [Path, OriginalPath];
}

/// <summary>
/// What the panel shows, built from the working tree status, the uncommitted numstat and the
/// branch's numstat against its base: staged rows, unstaged rows, and the files only changed by
/// the branch's commits (what a pull request would hold besides the uncommitted work).
/// </summary>
public sealed record ChangesView(
    BranchStatus Branch,
    IReadOnlyList<ChangedFile> Staged,
    IReadOnlyList<ChangedFile> Unstaged,
    IReadOnlyList<FileDiffStat> Committed)
{
    public static ChangesView Empty { get; } = new(new BranchStatus(null, null, null, 0, 0), [], [], []);

    public bool IsClean => Staged.Count == 0 && Unstaged.Count == 0;

    /// <summary>Distinct uncommitted paths (a partly staged file counts once).</summary>
    public int FileCount => Staged.Concat(Unstaged).Select(f => f.Path).Distinct(StringComparer.Ordinal).Count();

    public int Added => Distinct().Sum(f => f.Added);

    public int Deleted => Distinct().Sum(f => f.Deleted);

    public static ChangesView Build(WorkingTreeStatus status, DiffSummary uncommitted, DiffSummary? branch)
    {
        var stats = new Dictionary<string, FileDiffStat>(StringComparer.Ordinal);
        foreach (var stat in uncommitted.Files)
        {
            stats[stat.Path] = stat;
        }

        var staged = new List<ChangedFile>();
        var unstaged = new List<ChangedFile>();
        foreach (var file in status.Files.Where(f => f.Kind != FileChangeKind.Ignored))
        {
            stats.TryGetValue(file.Path, out var stat);
            ChangedFile Row(FileChangeKind kind, ChangeState state) =>
                new(file.Path, state == ChangeState.Staged ? file.OriginalPath : null, kind, state, stat?.Added ?? 0, stat?.Deleted ?? 0, stat?.Binary ?? false);

            if (file.Kind is FileChangeKind.Untracked or FileChangeKind.Conflicted)
            {
                unstaged.Add(Row(file.Kind, ChangeState.Unstaged));
                continue;
            }

            if (file.IsStaged)
            {
                staged.Add(Row(file.IndexKind, ChangeState.Staged));
            }

            if (file.IsUnstaged)
            {
                unstaged.Add(Row(file.WorkTreeKind, ChangeState.Unstaged));
            }
        }

        var touched = status.Files.SelectMany(f => f.OriginalPath is null ? [f.Path] : new[] { f.Path, f.OriginalPath }).ToHashSet(StringComparer.Ordinal);
        var committed = branch?.Files.Where(f => !touched.Contains(f.Path)).OrderBy(f => f.Path, StringComparer.Ordinal).ToList() ?? [];
        return new ChangesView(status.Branch, Sorted(staged), Sorted(unstaged), committed);
    }

    private IEnumerable<ChangedFile> Distinct() =>
        Staged.Concat(Unstaged).DistinctBy(f => f.Path, StringComparer.Ordinal);

    private static List<ChangedFile> Sorted(List<ChangedFile> files) =>
        files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
}
