using Grove.Core.Errors;

namespace Grove.Git.Watching;

/// <summary>
/// Where a work tree keeps its git data. For the main work tree both are <c>.git</c>; for a linked
/// worktree <c>.git</c> is a file (<c>gitdir: &lt;repo&gt;/.git/worktrees/&lt;name&gt;</c>) naming the
/// per-worktree dir (HEAD, index, logs/HEAD), whose <c>commondir</c> file names the shared dir
/// (refs, packed-refs, objects).
/// </summary>
public sealed record GitDirectories(string GitDir, string CommonDir)
{
    private const string GitDirPrefix = "gitdir:";

    public bool IsLinkedWorktree => !string.Equals(GitDir, CommonDir, StringComparison.Ordinal);

    /// <summary>Reads <c>&lt;worktree&gt;/.git</c> without running git.</summary>
    public static GitDirectories Locate(string worktreePath)
    {
        var dotGit = Path.Combine(worktreePath, ".git");
        if (Directory.Exists(dotGit))
        {
            return new GitDirectories(Normalize(dotGit), Normalize(ReadCommonDir(dotGit) ?? dotGit));
        }

        if (!File.Exists(dotGit))
        {
            throw new GroveException(ErrorKind.InvalidInput, $"'{worktreePath}' is not the top of a git work tree (no .git).");
        }

        var line = File.ReadLines(dotGit).FirstOrDefault(l => l.StartsWith(GitDirPrefix, StringComparison.Ordinal))
            ?? throw new GroveException(ErrorKind.InvalidInput, $"'{dotGit}' does not name a git dir.");
        var gitDir = Path.GetFullPath(line[GitDirPrefix.Length..].Trim(), worktreePath);
        if (!Directory.Exists(gitDir))
        {
            throw new GroveException(ErrorKind.NotFound, $"The git dir '{gitDir}' named by '{dotGit}' does not exist.");
        }

        return new GitDirectories(Normalize(gitDir), Normalize(ReadCommonDir(gitDir) ?? gitDir));
    }

    private static string? ReadCommonDir(string gitDir)
    {
        var file = Path.Combine(gitDir, "commondir");
        if (!File.Exists(file))
        {
            return null;
        }

        var text = File.ReadAllText(file).Trim();
        return text.Length == 0 ? null : Path.GetFullPath(text, gitDir);
    }

    private static string Normalize(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
}
