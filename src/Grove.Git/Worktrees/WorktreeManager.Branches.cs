using Grove.Git.Security;

namespace Grove.Git.Worktrees;

/// <summary>Branch checks used around worktree creation and removal.</summary>
internal sealed partial class WorktreeManager
{
    /// <summary>
    /// <c>-c checkout.workers</c> for worktree checkouts; null keeps git's default (sequential).
    /// "0" means one worker per logical core. Measured with git 2.39 on a 2-core machine, a
    /// 20,000-file repository: <c>worktree add</c> took 1.3–2.3 s with workers=0 against
    /// 2.3–14 s with workers=1 (sequential), so parallel checkout stays on.
    /// </summary>
    internal static string? ParallelCheckoutWorkers { get; } = "0";

    public async Task<bool> BranchExistsAsync(string repositoryPath, string branch, CancellationToken cancellationToken = default)
    {
        if (!IsPlausibleName(branch))
        {
            return false;
        }

        var command = GitCommand.Create("rev-parse").Flag("--verify").Flag("--quiet").Arg($"refs/heads/{branch}");
        var result = await git.RunAsync(repositoryPath, command, new GitRunOptions { ThrowOnError = false, Environment = ReadOnlyGit.Environment }, cancellationToken);
        return result.Succeeded;
    }

    public async Task DeleteBranchAsync(string repositoryPath, string branch, bool force, CancellationToken cancellationToken = default)
    {
        await EnsureValidBranchAsync(repositoryPath, branch, cancellationToken);
        var command = GitCommand.Create("branch").Flag(force ? "-D" : "-d").Arg(branch);
        await git.RunAsync(repositoryPath, command, cancellationToken: cancellationToken);
    }

    public async Task<bool> IsValidBranchNameAsync(string repositoryPath, string name, CancellationToken cancellationToken = default)
    {
        if (!IsPlausibleName(name))
        {
            return false;
        }

        return await BranchNames.IsValidAsync(git, repositoryPath, name, cancellationToken);
    }

    public async Task<string?> ResolveCommitAsync(string repositoryPath, string revision, CancellationToken cancellationToken = default)
    {
        if (!IsPlausibleName(revision))
        {
            return null;
        }

        var command = GitCommand.Create("rev-parse").Flag("--verify").Flag("--quiet").Arg($"{revision}^{{commit}}");
        var result = await git.RunAsync(repositoryPath, command, new GitRunOptions { ThrowOnError = false, Environment = ReadOnlyGit.Environment }, cancellationToken);
        var sha = result.StandardOutput.Trim();
        return result.Succeeded && sha.Length > 0 ? sha : null;
    }

    private Task EnsureValidBranchAsync(string repositoryPath, string branch, CancellationToken cancellationToken) =>
        BranchNames.EnsureValidAsync(git, repositoryPath, branch, cancellationToken);

    private static bool IsPlausibleName(string? name) => BranchNames.IsPlausible(name);
}
