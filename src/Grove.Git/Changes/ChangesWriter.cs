using Grove.Core.Changes;
using Grove.Core.Errors;
using Grove.Git.Security;

namespace Grove.Git.Changes;

/// <summary>
/// Stages, unstages and discards. Every caller path is confined with <see cref="PathGuard"/>
/// before git or the file system sees it.
/// </summary>
internal sealed partial class ChangesWriter(IGitRunner git) : IChangesWriter
{
    public async Task StageAsync(string worktreePath, IReadOnlyList<string> paths, CancellationToken cancellationToken = default)
    {
        var gitPaths = ToGitPaths(worktreePath, paths);
        await git.RunAsync(worktreePath, GitCommand.Create("add").Flag("--all").Paths(gitPaths), cancellationToken: cancellationToken);
    }

    public async Task UnstageAsync(string worktreePath, IReadOnlyList<string> paths, CancellationToken cancellationToken = default)
    {
        var gitPaths = ToGitPaths(worktreePath, paths);
        var command = await HasHeadAsync(worktreePath, cancellationToken)
            ? GitCommand.Create("restore").Flag("--staged").Paths(gitPaths)
            : GitCommand.Create("rm").Flag("--cached").Flag("-r").Flag("--quiet").Flag("--ignore-unmatch").Paths(gitPaths);
        await git.RunAsync(worktreePath, command, cancellationToken: cancellationToken);
    }

    public async Task DiscardAsync(string worktreePath, IReadOnlyList<string> paths, CancellationToken cancellationToken = default)
    {
        var gitPaths = ToGitPaths(worktreePath, paths);
        await RequireChangesAsync(worktreePath, gitPaths, cancellationToken);
        var listed = await git.RunAsync(worktreePath, GitCommand.Create("ls-files").Flag("-z").Paths(gitPaths), ReadOnlyGit.Options, cancellationToken);
        var known = listed.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        var tracked = gitPaths.Where(p => known.Any(k => k == p || k.StartsWith(p + "/", StringComparison.Ordinal))).ToList();
        var untracked = gitPaths.Except(tracked, StringComparer.Ordinal).ToList();

        if (tracked.Count > 0)
        {
            var restore = await HasHeadAsync(worktreePath, cancellationToken)
                ? GitCommand.Create("restore").Flag("--staged").Flag("--worktree").Option("--source", "HEAD").Paths(tracked)
                : GitCommand.Create("rm").Flag("--cached").Flag("-r").Flag("--quiet").Flag("--force").Paths(tracked);
            await git.RunAsync(worktreePath, restore, cancellationToken: cancellationToken);
        }

        foreach (var path in untracked)
        {
            DeleteUntracked(worktreePath, path);
        }
    }

    /// <summary>Refuses (before touching anything) a path that does not exist or has nothing to discard.</summary>
    private async Task RequireChangesAsync(string worktreePath, List<string> gitPaths, CancellationToken cancellationToken)
    {
        var status = await git.RunAsync(
            worktreePath,
            GitCommand.Create("status").Flag("--porcelain=v1").Flag("-z").Flag("--untracked-files=all").Paths(gitPaths),
            ReadOnlyGit.Options,
            cancellationToken);
        var changed = status.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Length > 3 && entry[2] == ' ' ? entry[3..] : entry)
            .ToList();
        foreach (var path in gitPaths)
        {
            if (path is "." or "" ? changed.Count > 0 : changed.Any(c => c == path || c.StartsWith(path + "/", StringComparison.Ordinal)))
            {
                continue;
            }

            var full = PathGuard.Resolve(worktreePath, path);
            throw File.Exists(full) || Directory.Exists(full)
                ? new GroveException(ErrorKind.InvalidInput, $"'{path}' has no changes to discard.")
                : new GroveException(ErrorKind.NotFound, $"'{path}' does not exist in the work tree.");
        }
    }

    private static void DeleteUntracked(string worktreePath, string gitPath)
    {
        // Resolve confines the path (no root, no escape through links) before anything is deleted.
        var full = PathGuard.Resolve(worktreePath, gitPath);
        var info = new FileInfo(full);
        if (info.LinkTarget is not null || info.Exists)
        {
            info.Delete();
        }
        else if (Directory.Exists(full))
        {
            Directory.Delete(full, recursive: true);
        }
    }

    private static List<string> ToGitPaths(string worktreePath, IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
        {
            throw new GroveException(ErrorKind.InvalidInput, "No paths were given.");
        }

        var gitPaths = paths.Select(p => PathGuard.ToGitPath(worktreePath, p)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var gitPath in gitPaths)
        {
            // PathGuard confines to the work tree, which includes .git (a dir, or the file that
            // links a worktree to its repository): never stage, restore or delete git's own data.
            if (gitPath.Split('/').Any(segment => segment.Equals(".git", StringComparison.OrdinalIgnoreCase)))
            {
                throw new SecurityViolationException($"Path '{gitPath}' refused: git's own files cannot be changed this way.");
            }
        }

        return gitPaths;
    }

    private async Task<bool> HasHeadAsync(string worktreePath, CancellationToken cancellationToken)
    {
        var command = GitCommand.Create("rev-parse").Flag("--verify").Flag("--quiet").Arg("HEAD^{commit}");
        var result = await git.RunAsync(worktreePath, command, new GitRunOptions { ThrowOnError = false, Environment = ReadOnlyGit.Environment }, cancellationToken);
        return result.Succeeded;
    }

    private async Task<string> CurrentBranchAsync(string worktreePath, CancellationToken cancellationToken)
    {
        var command = GitCommand.Create("symbolic-ref").Flag("--quiet").Flag("--short").Arg("HEAD");
        var result = await git.RunAsync(worktreePath, command, new GitRunOptions { ThrowOnError = false, Environment = ReadOnlyGit.Environment }, cancellationToken);
        var branch = result.StandardOutput.Trim();
        if (!result.Succeeded || branch.Length == 0)
        {
            throw new GroveException(ErrorKind.Conflict, "HEAD is detached: check out a branch first.");
        }

        return branch;
    }
}
