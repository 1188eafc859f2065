using Grove.Core.Errors;
using Grove.Git.Security;

namespace Grove.Git.Worktrees;

/// <summary>Branch-name validation shared by the worktree manager and the changes writer.</summary>
internal static class BranchNames
{
    /// <summary>Cheap checks before git runs: not empty, no leading '-', no control characters.</summary>
    public static bool IsPlausible(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name[0] != '-' && !name.Any(char.IsControl);

    /// <summary><c>git check-ref-format --branch</c>; false for anything git or Grove would refuse.</summary>
    public static async Task<bool> IsValidAsync(IGitRunner git, string repositoryPath, string name, CancellationToken cancellationToken)
    {
        if (!IsPlausible(name))
        {
            return false;
        }

        try
        {
            var command = GitCommand.Create("check-ref-format").Flag("--branch").Arg(name);
            var result = await git.RunAsync(repositoryPath, command, new GitRunOptions { ThrowOnError = false }, cancellationToken);

            // --branch also expands "@{-1}"-style names; accept only a name that comes back unchanged.
            return result.Succeeded && result.StandardOutput.TrimEnd('\n') == name;
        }
        catch (SecurityViolationException)
        {
            return false;
        }
    }

    public static async Task EnsureValidAsync(IGitRunner git, string repositoryPath, string name, CancellationToken cancellationToken)
    {
        if (!await IsValidAsync(git, repositoryPath, name, cancellationToken))
        {
            throw new GroveException(ErrorKind.InvalidInput, $"'{Printable(name)}' is not a valid branch name.");
        }
    }

    private static string Printable(string value) => new(value.Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
