using Grove.Core.Changes;
using Grove.Git.Security;
using Grove.Git.Worktrees;

namespace Grove.Git.Changes;

/// <summary>List, switch, create and delete branches of a work tree.</summary>
internal sealed partial class ChangesWriter
{
    private const char FieldSeparator = '\u001f';
    private const string HeadsPrefix = "refs/heads/";
    private const string RemotesPrefix = "refs/remotes/";

    public async Task<IReadOnlyList<BranchInfo>> ListBranchesAsync(string worktreePath, bool includeRemote = true, CancellationToken cancellationToken = default)
    {
        var command = GitCommand.Create("for-each-ref")
            .Option("--format", "%(refname)%1f%(objectname)%1f%(upstream:short)%1f%(HEAD)%1f%(symref)")
            .Arg("refs/heads");
        if (includeRemote)
        {
            command = command.Arg("refs/remotes");
        }

        var result = await git.RunAsync(worktreePath, command, ReadOnlyGit.Options, cancellationToken);
        var branches = new List<BranchInfo>();
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(FieldSeparator);
            if (fields.Length < 5 || fields[4].Length > 0)
            {
                // Symbolic refs such as refs/remotes/origin/HEAD are aliases, not branches.
                continue;
            }

            var isRemote = fields[0].StartsWith(RemotesPrefix, StringComparison.Ordinal);
            var name = isRemote ? fields[0][RemotesPrefix.Length..] : fields[0][HeadsPrefix.Length..];
            branches.Add(new BranchInfo(name, fields[3] == "*", isRemote, fields[2].Length > 0 ? fields[2] : null, fields[1]));
        }

        return branches;
    }

    public async Task SwitchBranchAsync(string worktreePath, string branch, CancellationToken cancellationToken = default)
    {
        await BranchNames.EnsureValidAsync(git, worktreePath, branch, cancellationToken);
        await git.RunAsync(worktreePath, GitCommand.Create("switch").Flag("--quiet").Arg(branch), cancellationToken: cancellationToken);
    }

    public async Task CreateBranchAsync(string worktreePath, string branch, string? startPoint = null, CancellationToken cancellationToken = default)
    {
        await BranchNames.EnsureValidAsync(git, worktreePath, branch, cancellationToken);
        var command = GitCommand.Create("branch").Arg(branch);
        if (startPoint is not null)
        {
            command = command.Arg(startPoint);
        }

        await git.RunAsync(worktreePath, command, cancellationToken: cancellationToken);
    }

    public async Task DeleteBranchAsync(string worktreePath, string branch, bool force = false, CancellationToken cancellationToken = default)
    {
        await BranchNames.EnsureValidAsync(git, worktreePath, branch, cancellationToken);
        await git.RunAsync(worktreePath, GitCommand.Create("branch").Flag(force ? "-D" : "-d").Arg(branch), cancellationToken: cancellationToken);
    }
}
