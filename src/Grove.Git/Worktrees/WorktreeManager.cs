using Grove.Core.Errors;
using Grove.Git.Security;

namespace Grove.Git.Worktrees;

/// <summary>Creates, lists and removes linked worktrees through the git CLI.</summary>
internal sealed partial class WorktreeManager(IGitRunner git) : IWorktreeManager
{
    public async Task<FetchOutcome> FetchAsync(string repositoryPath, string remote, string branch, TimeSpan timeout, Action<string>? onProgress = null, CancellationToken cancellationToken = default)
    {
        var command = GitCommand.Create("fetch").Flag("--progress").Flag("--no-tags").Arg(remote).Arg(branch);
        var options = new GitRunOptions { Timeout = timeout, ThrowOnError = false, OnProgress = onProgress };
        try
        {
            var result = await git.RunAsync(repositoryPath, command, options, cancellationToken);
            if (result.Succeeded)
            {
                return new FetchOutcome(true, null);
            }

            var reason = result.StandardError
                .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .LastOrDefault(l => l.StartsWith("fatal:", StringComparison.Ordinal) || l.StartsWith("error:", StringComparison.Ordinal))
                ?? $"exit code {result.ExitCode}";
            return new FetchOutcome(false, $"Could not fetch {branch} from {remote}; using the local copy. ({Core.Security.SecretPatterns.Redact(reason)})");
        }
        catch (GroveException ex) when (ex.Kind == ErrorKind.Timeout)
        {
            return new FetchOutcome(false, $"Fetching {branch} from {remote} took longer than {timeout.TotalSeconds:0.#} s; using the local copy.");
        }
    }

    public async Task AddWithNewBranchAsync(string repositoryPath, string worktreePath, string newBranch, string startPoint, CancellationToken cancellationToken = default)
    {
        await EnsureValidBranchAsync(repositoryPath, newBranch, cancellationToken);
        if (await BranchExistsAsync(repositoryPath, newBranch, cancellationToken))
        {
            throw new GroveException(ErrorKind.AlreadyExists, $"A branch named '{newBranch}' already exists.");
        }

        var add = ParallelCheckout(GitCommand.Create("worktree"))
            .Arg("add").Flag("--no-track").Flag("--quiet").Flag("-b").Arg(newBranch)
            .Arg(WorktreeArgument(repositoryPath, worktreePath)).Arg(startPoint);
        await git.RunAsync(repositoryPath, add, cancellationToken: cancellationToken);
    }

    public async Task AddForExistingBranchAsync(string repositoryPath, string worktreePath, string branch, CancellationToken cancellationToken = default)
    {
        await EnsureValidBranchAsync(repositoryPath, branch, cancellationToken);
        if (!await BranchExistsAsync(repositoryPath, branch, cancellationToken))
        {
            throw new GroveException(ErrorKind.NotFound, $"There is no branch named '{branch}'.");
        }

        var add = ParallelCheckout(GitCommand.Create("worktree"))
            .Arg("add").Flag("--quiet").Arg(WorktreeArgument(repositoryPath, worktreePath)).Arg(branch);
        await git.RunAsync(repositoryPath, add, cancellationToken: cancellationToken);
    }

    public async Task RemoveAsync(string repositoryPath, string worktreePath, bool force, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(WorktreeArgument(repositoryPath, worktreePath)))
        {
            await PruneAsync(repositoryPath, cancellationToken);
            return;
        }

        var command = GitCommand.Create("worktree").Arg("remove");
        if (force)
        {
            // Twice: also removes a locked worktree.
            command = command.Flag("--force").Flag("--force");
        }

        await git.RunAsync(repositoryPath, command.Arg(WorktreeArgument(repositoryPath, worktreePath)), cancellationToken: cancellationToken);
    }

    public async Task<IReadOnlyList<WorktreeEntry>> ListAsync(string repositoryPath, CancellationToken cancellationToken = default)
    {
        var command = GitCommand.Create("worktree").Arg("list").Flag("--porcelain").Flag("-z");
        var result = await git.RunAsync(repositoryPath, command, ReadOnlyGit.Options, cancellationToken);
        return WorktreeListParser.Parse(result.StandardOutput);
    }

    public async Task PruneAsync(string repositoryPath, CancellationToken cancellationToken = default) =>
        await git.RunAsync(repositoryPath, GitCommand.Create("worktree").Arg("prune"), cancellationToken: cancellationToken);

    public async Task<bool> IsDirtyAsync(string worktreePath, CancellationToken cancellationToken = default)
    {
        var command = GitCommand.Create("status").Flag("--porcelain=v1").Flag("-z").Flag("--untracked-files=normal").Flag("--ignore-submodules=dirty");
        var result = await git.RunAsync(worktreePath, command, ReadOnlyGit.Options, cancellationToken);
        return result.StandardOutput.Length > 0;
    }

    /// <summary>
    /// Parallel checkout (one worker per core). Measured on a 20k-file repository on this
    /// class of machine; see <c>ParallelCheckoutWorkers</c>.
    /// </summary>
    private static GitCommand ParallelCheckout(GitCommand command) =>
        ParallelCheckoutWorkers is { } workers ? command.Config("checkout.workers", workers) : command;

    /// <summary>
    /// A worktree path handed to git as a positional argument: made absolute (a relative path is
    /// taken from the repository, as git would), so it can never start with '-' and be read as an option.
    /// </summary>
    private static string WorktreeArgument(string repositoryPath, string worktreePath) =>
        Path.GetFullPath(worktreePath, Path.GetFullPath(repositoryPath));
}
