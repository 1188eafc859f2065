using Grove.Core.Changes;
using Grove.Core.Errors;
using Grove.Git.Security;

namespace Grove.Git.Changes;

/// <summary>Commits: the whole index, everything, or only selected paths.</summary>
internal sealed partial class ChangesWriter
{
    public async Task<string> CommitAsync(string worktreePath, string message, IReadOnlyList<string>? paths = null, bool stageAll = false, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            throw new GroveException(ErrorKind.InvalidInput, "A commit message is required.");
        }

        var gitPaths = paths is { Count: > 0 } ? ToGitPaths(worktreePath, paths) : null;
        if (stageAll)
        {
            await git.RunAsync(worktreePath, GitCommand.Create("add").Flag("--all"), cancellationToken: cancellationToken);
        }

        // The message travels stuck to its option (one argument: --message=<text>), so it is never
        // parsed as an option and keeps its newlines; "whitespace" cleanup keeps lines starting with '#'.
        var commit = GitCommand.Create("commit").Flag("--quiet").Option("--message", message).Option("--cleanup", "whitespace");
        if (gitPaths is not null)
        {
            // Untracked files among the selection must be known to git before "commit --only".
            await git.RunAsync(worktreePath, GitCommand.Create("add").Flag("--all").Paths(gitPaths), cancellationToken: cancellationToken);
            commit = commit.Flag("--only").Paths(gitPaths);
        }

        var result = await git.RunAsync(worktreePath, commit, new GitRunOptions { ThrowOnError = false }, cancellationToken);
        if (!result.Succeeded)
        {
            var output = result.StandardOutput + result.StandardError;
            if (output.Contains("nothing to commit", StringComparison.Ordinal) ||
                output.Contains("no changes added to commit", StringComparison.Ordinal) ||
                output.Contains("nothing added to commit", StringComparison.Ordinal))
            {
                throw new GroveException(ErrorKind.InvalidInput, "nothing to commit");
            }

            throw Running.GitErrors.Create(commit.ToArguments(), result);
        }

        var head = await git.RunAsync(worktreePath, GitCommand.Create("rev-parse").Flag("--verify").Arg("HEAD"), ReadOnlyGit.Options, cancellationToken);
        return head.StandardOutput.Trim();
    }
}
