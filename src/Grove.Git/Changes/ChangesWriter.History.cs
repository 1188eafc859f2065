using System.Globalization;
using Grove.Core.Changes;
using Grove.Core.Errors;
using Grove.Git.Security;

namespace Grove.Git.Changes;

/// <summary>Commit history, parsed from a <c>log</c> format with unit/record separators.</summary>
internal sealed partial class ChangesWriter
{
    private const char RecordSeparator = '\u001e';

    public async Task<IReadOnlyList<CommitInfo>> GetHistoryAsync(string worktreePath, int limit = 50, string? baseRef = null, CancellationToken cancellationToken = default)
    {
        if (limit <= 0)
        {
            throw new GroveException(ErrorKind.InvalidInput, "The history limit must be positive.");
        }

        var command = GitCommand.Create("log")
            .Option("--max-count", limit.ToString(CultureInfo.InvariantCulture))
            .Option("--format", "%H%x1f%h%x1f%an%x1f%ae%x1f%aI%x1f%s%x1e")
            .Arg(baseRef is null ? "HEAD" : $"{baseRef}..HEAD");
        var result = await git.RunAsync(worktreePath, command, ReadOnlyGit.Options with { ThrowOnError = false }, cancellationToken);
        if (!result.Succeeded)
        {
            if (!await HasHeadAsync(worktreePath, cancellationToken))
            {
                // A branch with no commit yet has no history.
                return [];
            }

            throw Running.GitErrors.Create(command.ToArguments(), result);
        }

        var commits = new List<CommitInfo>();
        foreach (var record in result.StandardOutput.Split(RecordSeparator))
        {
            var fields = record.TrimStart('\n').Split(FieldSeparator);
            if (fields.Length < 6)
            {
                continue;
            }

            var date = DateTimeOffset.Parse(fields[4], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            commits.Add(new CommitInfo(fields[0], fields[1], fields[2], fields[3], date, fields[5]));
        }

        return commits;
    }
}
