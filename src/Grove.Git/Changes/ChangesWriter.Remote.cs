using Grove.Core.Errors;
using Grove.Git.Security;

using Grove.Core.Changes;

namespace Grove.Git.Changes;

/// <summary>Push, pull and force push of the current branch.</summary>
internal sealed partial class ChangesWriter
{
    /// <summary>Branches a force push never touches without explicit confirmation.</summary>
    public static readonly IReadOnlySet<string> ProtectedBranches =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "main", "master", "develop", "production", "staging" };

    public async Task PushAsync(string worktreePath, string remote = "origin", Action<string>? onProgress = null, CancellationToken cancellationToken = default)
    {
        var branch = await CurrentBranchAsync(worktreePath, cancellationToken);
        var command = GitCommand.Create("push").Flag("--progress");
        if (!await HasUpstreamAsync(worktreePath, cancellationToken))
        {
            command = command.Flag("--set-upstream").Arg(remote).Arg(branch);
        }

        await git.RunAsync(worktreePath, command, new GitRunOptions { OnProgress = onProgress }, cancellationToken);
    }

    public async Task PullRebaseAsync(string worktreePath, CancellationToken cancellationToken = default)
    {
        var command = GitCommand.Create("pull").Flag("--rebase").Flag("--autostash").Flag("--no-edit");
        await git.RunAsync(worktreePath, command, cancellationToken: cancellationToken);
    }

    public async Task ForcePushWithLeaseAsync(string worktreePath, string remote = "origin", bool confirmProtected = false, CancellationToken cancellationToken = default)
    {
        var branch = await CurrentBranchAsync(worktreePath, cancellationToken);
        if (ProtectedBranches.Contains(branch) && !confirmProtected)
        {
            throw new GroveException(
                ErrorKind.Conflict,
                $"Refusing to force push '{branch}': it is a protected branch. Confirm to force push anyway.");
        }

        var command = GitCommand.Create("push").Flag("--progress").Flag("--force-with-lease").Arg(remote).Arg(branch);
        await git.RunAsync(worktreePath, command, cancellationToken: cancellationToken);
    }

    private async Task<bool> HasUpstreamAsync(string worktreePath, CancellationToken cancellationToken)
    {
        var command = GitCommand.Create("rev-parse").Flag("--abbrev-ref").Flag("--symbolic-full-name").Arg("@{upstream}");
        var result = await git.RunAsync(worktreePath, command, new GitRunOptions { ThrowOnError = false, Environment = ReadOnlyGit.Environment }, cancellationToken);
        return result.Succeeded && result.StandardOutput.Trim().Length > 0;
    }
}
