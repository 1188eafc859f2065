using Grove.Core.Errors;

namespace Grove.Services.Changes;

/// <summary>A commit with nothing staged; <see cref="UntrackedFiles"/> new files were left out (front ends say how to include them).</summary>
public sealed class NothingToCommitException(int untrackedFiles, Exception? innerException = null)
    : GroveException(
        ErrorKind.InvalidInput,
        untrackedFiles > 0 ? $"nothing to commit: {untrackedFiles} untracked file(s) are not staged" : "nothing to commit",
        innerException)
{
    public int UntrackedFiles { get; } = untrackedFiles;
}
