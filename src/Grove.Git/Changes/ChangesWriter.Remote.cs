using Grove.Core.Changes;
using Grove.Core.Errors;
using Grove.Git.Security;

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

        command = await WithRelativeRemotesAsync(worktreePath, command, cancellationToken);
        await git.RunAsync(worktreePath, command, new GitRunOptions { OnProgress = onProgress }, cancellationToken);
    }

    public async Task PullRebaseAsync(string worktreePath, CancellationToken cancellationToken = default)
    {
        var command = GitCommand.Create("pull").Flag("--rebase").Flag("--autostash").Flag("--no-edit");
        command = await WithRelativeRemotesAsync(worktreePath, command, cancellationToken);
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
        command = await WithRelativeRemotesAsync(worktreePath, command, cancellationToken);
        await git.RunAsync(worktreePath, command, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Remotes whose URL is a relative path (<c>git remote add origin ../origin.git</c>) mean a
    /// folder relative to the project, where the user added them; git would resolve them from the
    /// worktree's folder instead. Each such URL is pointed at the same folder seen from the project.
    /// </summary>
    private async Task<GitCommand> WithRelativeRemotesAsync(string worktreePath, GitCommand command, CancellationToken cancellationToken)
    {
        var urls = await git.RunAsync(
            worktreePath,
            GitCommand.Create("config").Flag("--get-regexp").Arg(@"^remote\..*\.(push)?url$"),
            new GitRunOptions { ThrowOnError = false, Environment = ReadOnlyGit.Environment },
            cancellationToken);
        var relative = urls.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 2) is [_, var url] ? url.Trim() : "")
            .Where(GitCommand.IsRelativeLocalUrl)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (relative.Count == 0)
        {
            return command;
        }

        var commonDir = await git.RunAsync(
            worktreePath, GitCommand.Create("rev-parse").Flag("--path-format=absolute").Flag("--git-common-dir"), ReadOnlyGit.Options, cancellationToken);
        var common = Path.TrimEndingDirectorySeparator(commonDir.StandardOutput.Trim());
        var project = Path.GetFileName(common) == ".git" ? Path.GetDirectoryName(common)! : common;
        foreach (var url in relative)
        {
            command = command.RelativeRemote(url, Path.GetFullPath(Path.Combine(project, url)));
        }

        return command;
    }

    private async Task<bool> HasUpstreamAsync(string worktreePath, CancellationToken cancellationToken)
    {
        var command = GitCommand.Create("rev-parse").Flag("--abbrev-ref").Flag("--symbolic-full-name").Arg("@{upstream}");
        var result = await git.RunAsync(worktreePath, command, new GitRunOptions { ThrowOnError = false, Environment = ReadOnlyGit.Environment }, cancellationToken);
        return result.Succeeded && result.StandardOutput.Trim().Length > 0;
    }
}
