using Grove.Core.Errors;
using Grove.Git.Security;

namespace Grove.Git.Merging;

internal sealed class MergeDryRunner(IGitRunner git) : IMergeDryRunner
{
    // A fixed identity and date: the stash commit of an unchanged work tree keeps its id.
    private static readonly Dictionary<string, string> StashEnvironment = new(StringComparer.Ordinal)
    {
        ["GIT_OPTIONAL_LOCKS"] = "0",
        ["GIT_AUTHOR_NAME"] = "Grove",
        ["GIT_AUTHOR_EMAIL"] = "grove@localhost",
        ["GIT_AUTHOR_DATE"] = "1000000000 +0000",
        ["GIT_COMMITTER_NAME"] = "Grove",
        ["GIT_COMMITTER_EMAIL"] = "grove@localhost",
        ["GIT_COMMITTER_DATE"] = "1000000000 +0000",
    };

    public async Task<string> WorkTreeCommitAsync(string worktreePath, CancellationToken cancellationToken = default)
    {
        var stash = await git.RunAsync(worktreePath, GitCommand.Create("stash").Arg("create"), new GitRunOptions { Environment = StashEnvironment }, cancellationToken);
        if (stash.StandardOutput.Trim() is { Length: > 0 } commit)
        {
            return commit;
        }

        // Nothing uncommitted (stash create prints nothing): the work tree is HEAD.
        var head = await git.RunAsync(worktreePath, GitCommand.Create("rev-parse").Flag("--verify").Arg("HEAD"), cancellationToken: cancellationToken);
        return head.StandardOutput.Trim();
    }

    public async Task<MergeDryRun> MergeTreeAsync(string repositoryPath, string commitA, string commitB, CancellationToken cancellationToken = default)
    {
        var command = GitCommand.Create("merge-tree").Flag("--write-tree").Flag("--name-only").Flag("--no-messages").Flag("-z").Arg(commitA).Arg(commitB);
        var result = await git.RunAsync(repositoryPath, command, new GitRunOptions { ThrowOnError = false }, cancellationToken);
        if (result.ExitCode is not (0 or 1))
        {
            var reason = result.StandardError.Trim() is { Length: > 0 } error ? error.Split('\n')[0] : $"exit code {result.ExitCode}";
            throw new GroveException(ErrorKind.GitFailed, $"git merge-tree failed: {reason}");
        }

        if (result.ExitCode == 0)
        {
            return new MergeDryRun([]);
        }

        // -z: the merged tree's id, then each conflicted path, NUL-terminated; an empty field ends the list.
        var fields = result.StandardOutput.Split('\0');
        var files = new List<string>();
        foreach (var field in fields.Skip(1))
        {
            if (field.Length == 0)
            {
                break;
            }

            files.Add(field);
        }

        return new MergeDryRun(files.Distinct(StringComparer.Ordinal).ToList());
    }
}
