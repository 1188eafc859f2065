using Grove.Git;
using Grove.Git.Security;

namespace Grove.Services.PullRequests;

/// <summary>The branch's own commits (against origin's base) and how many are not pushed yet, through git.</summary>
internal sealed class BranchCommits(IGitRunner git)
{
    private const char FieldSeparator = '\u001f';
    private const char RecordSeparator = '\u001e';

    /// <summary>Subjects and bodies of <c>base..HEAD</c>, oldest first.</summary>
    public async Task<IReadOnlyList<(string Subject, string Body)>> SinceBaseAsync(string folder, string baseBranch, CancellationToken cancellationToken)
    {
        var baseRef = await ExistsAsync(folder, $"refs/remotes/origin/{baseBranch}", cancellationToken) ? $"origin/{baseBranch}" : baseBranch;
        var result = await git.RunAsync(
            folder,
            GitCommand.Create("log").Flag("--reverse").Option("--format", "%s%x1f%b%x1e").Arg($"{baseRef}..HEAD"),
            new GitRunOptions { ThrowOnError = false },
            cancellationToken);
        if (!result.Succeeded)
        {
            return [];
        }

        return [.. result.StandardOutput.Split(RecordSeparator)
            .Select(record => record.Trim('\n', '\r'))
            .Where(record => record.Length > 0)
            .Select(record => record.Split(FieldSeparator, 2))
            .Select(parts => (parts[0].Trim(), parts.Length > 1 ? parts[1].Trim() : ""))];
    }

    /// <summary>Commits on HEAD that origin's copy of the branch lacks (all of the branch's own when it was never pushed).</summary>
    public async Task<int> UnpushedAsync(string folder, string branch, string baseBranch, CancellationToken cancellationToken)
    {
        var upstream = await ExistsAsync(folder, $"refs/remotes/origin/{branch}", cancellationToken) ? $"origin/{branch}"
            : await ExistsAsync(folder, $"refs/remotes/origin/{baseBranch}", cancellationToken) ? $"origin/{baseBranch}"
            : baseBranch;
        var result = await git.RunAsync(folder, GitCommand.Create("rev-list").Flag("--count").Arg($"{upstream}..HEAD"), new GitRunOptions { ThrowOnError = false }, cancellationToken);
        return result.Succeeded && int.TryParse(result.StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture, out var count) ? count : 0;
    }

    private async Task<bool> ExistsAsync(string folder, string reference, CancellationToken cancellationToken) =>
        (await git.RunAsync(folder, GitCommand.Create("rev-parse").Flag("--verify").Flag("--quiet").Arg(reference), new GitRunOptions { ThrowOnError = false }, cancellationToken)).Succeeded;
}
