namespace Grove.Core.Changes;

/// <summary>Per-file line counts; Binary when git reports '-'.</summary>
public sealed record FileDiffStat(string Path, int Added, int Deleted, bool Binary, FileChangeKind Kind);

public sealed record DiffSummary(IReadOnlyList<FileDiffStat> Files)
{
    public int Added => Files.Sum(f => f.Added);
    public int Deleted => Files.Sum(f => f.Deleted);
}

/// <summary>
/// The start of a unified diff, at most a fixed number of characters, so a huge change is never
/// held whole in memory. <see cref="Length"/> is the size of the whole diff (characters).
/// </summary>
public sealed record DiffPreview(string Text, bool Truncated, long Length)
{
    /// <summary>What the UI reads of one diff at most (256 K characters, a few thousand lines).</summary>
    public const int DefaultMaxChars = 256 * 1024;

    /// <summary>
    /// The most one read gives: the UI's "Show more" and the HTTP API's default (4 M characters);
    /// past it, <c>grove ws diff</c> prints a diff whole, or open the file in an editor.
    /// </summary>
    public const int LargeMaxChars = 4 * 1024 * 1024;
}
