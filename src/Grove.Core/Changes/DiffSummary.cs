namespace Grove.Core.Changes;

/// <summary>Per-file line counts; Binary when git reports '-'.</summary>
public sealed record FileDiffStat(string Path, int Added, int Deleted, bool Binary, FileChangeKind Kind);

public sealed record DiffSummary(IReadOnlyList<FileDiffStat> Files)
{
    public int Added => Files.Sum(f => f.Added);
    public int Deleted => Files.Sum(f => f.Deleted);
}
