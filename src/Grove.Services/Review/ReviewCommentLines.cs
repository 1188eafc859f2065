using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Core.Review;
using Grove.Git.Security;

namespace Grove.Services.Review;

/// <summary>
/// Reads the lines under a comment from the workspace's worktree (confined by <see cref="PathGuard"/>
/// through the secure file system): to quote them when a comment is made, and to tell whether a
/// comment is outdated.
/// </summary>
internal sealed class ReviewCommentLines
{
    /// <summary>Largest file read to quote or check lines.</summary>
    public const long MaxFileBytes = 4L * 1024 * 1024;

    /// <summary>The path as git names it, relative to the worktree; refuses anything outside it.</summary>
    public static string Normalize(Workspace workspace, string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new GroveException(ErrorKind.InvalidInput, "A review comment needs the file it is about.");
        }

        return PathGuard.ToGitPath(workspace.WorktreePath, path.Trim());
    }

    /// <summary>The file's lines (without line ends), or null when it is missing, too large or not readable.</summary>
    public static async Task<string[]?> ReadAsync(Workspace workspace, string path, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(workspace.WorktreePath))
        {
            return null;
        }

        var confinement = new ConfinementRoots();
        var root = confinement.Register(workspace.Id, workspace.WorktreePath);
        var files = SecureFileSystemFactory.Create(confinement, new SecureFileSystemOptions { MaxReadBytes = MaxFileBytes });
        string text;
        try
        {
            text = await files.ReadAllTextAsync(root.Id, path, cancellationToken);
        }
        catch (GroveException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        var lines = text.Split('\n');
        if (lines.Length > 0 && lines[^1].Length == 0)
        {
            lines = lines[..^1];
        }

        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = lines[i].TrimEnd('\r');
        }

        return lines;
    }

    /// <summary>Lines <paramref name="start"/>..<paramref name="end"/> (1-based) joined with '\n', or null when the file is shorter.</summary>
    public static string? Slice(string[] lines, int start, int end) =>
        start < 1 || end > lines.Length ? null : string.Join('\n', lines[(start - 1)..end]);

    /// <summary>
    /// Fills in <see cref="ReviewComment.Outdated"/>: a new-side comment whose lines now read
    /// differently (or are gone). Old-side comments quote a version that does not change under them.
    /// </summary>
    public static async Task<IReadOnlyList<ReviewComment>> MarkOutdatedAsync(Workspace workspace, IReadOnlyList<ReviewComment> comments, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, string[]?>(StringComparer.Ordinal);
        var result = new List<ReviewComment>(comments.Count);
        foreach (var comment in comments)
        {
            if (comment.Side != ReviewSide.New || comment.SentAt is not null)
            {
                result.Add(comment);
                continue;
            }

            if (!files.TryGetValue(comment.Path, out var lines))
            {
                lines = await ReadAsync(workspace, comment.Path, cancellationToken);
                files[comment.Path] = lines;
            }

            var now = lines is null ? null : Slice(lines, comment.StartLine, comment.EndLine);
            result.Add(comment with { Outdated = !string.Equals(now, comment.QuotedCode.TrimEnd('\n'), StringComparison.Ordinal) });
        }

        return result;
    }
}
