using Grove.Core.Changes;
using Grove.Git.Security;

namespace Grove.Git.Changes;

/// <summary>
/// Reads status and diffs with as few git processes as possible; every read runs with
/// <c>GIT_OPTIONAL_LOCKS=0</c> so it never takes the index lock an agent may need.
/// </summary>
internal sealed partial class ChangesReader(IGitRunner git, TimeProvider? timeProvider = null) : IChangesReader
{
    private readonly SnapshotCache _cache = new(timeProvider ?? TimeProvider.System);

    public async Task<WorkingTreeStatus> GetStatusAsync(string worktreePath, CancellationToken cancellationToken = default) =>
        StatusParser.Parse(await ReadRawStatusAsync(worktreePath, cancellationToken));

    public async Task<DiffSummary> GetDiffSummaryAsync(string worktreePath, string? baseRef, CancellationToken cancellationToken = default)
    {
        var trackedTask = GetTrackedStatsAsync(worktreePath, baseRef, cancellationToken);
        var untracked = await ListUntrackedAsync(worktreePath, null, cancellationToken);
        return Combine(worktreePath, await trackedTask, untracked);
    }

    public async Task<WorkspaceSnapshot> GetSnapshotAsync(string worktreePath, string? baseRef, CancellationToken cancellationToken = default)
    {
        // First time: status and diff run concurrently. Afterwards status runs first, and the diff
        // only when the fingerprint of what it depends on has changed.
        var trackedTask = _cache.Contains(worktreePath, baseRef) ? null : GetTrackedStatsAsync(worktreePath, baseRef, cancellationToken);
        var raw = await ReadRawStatusAsync(worktreePath, cancellationToken);
        var status = StatusParser.Parse(raw);
        var fingerprint = _cache.Fingerprint(worktreePath, baseRef, raw, status);
        if (trackedTask is null && _cache.TryGet(worktreePath, baseRef, fingerprint) is { } cached)
        {
            return new WorkspaceSnapshot(status, cached);
        }

        var tracked = await (trackedTask ?? GetTrackedStatsAsync(worktreePath, baseRef, cancellationToken));
        var untracked = status.Files.Where(f => f.Kind == FileChangeKind.Untracked).Select(f => f.Path).ToList();
        var diff = Combine(worktreePath, tracked, untracked);
        _cache.Set(worktreePath, baseRef, fingerprint, diff);
        return new WorkspaceSnapshot(status, diff);
    }

    private async Task<string> ReadRawStatusAsync(string worktreePath, CancellationToken cancellationToken)
    {
        var command = GitCommand.Create("status")
            .Flag("--porcelain=v2").Flag("-z").Flag("--branch").Flag("--untracked-files=all");
        var result = await git.RunAsync(worktreePath, command, ReadOnlyGit.Options, cancellationToken);
        return result.StandardOutput;
    }

    public async Task<string> GetDiffAsync(string worktreePath, string? baseRef, string? path = null, CancellationToken cancellationToken = default) =>
        (await ReadDiffAsync(worktreePath, baseRef, path, null, cancellationToken)).Text;

    public Task<DiffPreview> GetDiffPreviewAsync(string worktreePath, string? baseRef, string? path, int maxChars, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxChars);
        return ReadDiffAsync(worktreePath, baseRef, path, maxChars, cancellationToken);
    }

    private async Task<DiffPreview> ReadDiffAsync(string worktreePath, string? baseRef, string? path, int? maxChars, CancellationToken cancellationToken)
    {
        var gitPath = path is null ? null : PathGuard.ToGitPath(worktreePath, path);
        var trackedTask = RunDiffAsync(worktreePath, baseRef, diff =>
        {
            diff = diff.Flag("--no-color").Flag("--no-ext-diff").Flag("--find-renames")
                .Option("--src-prefix", "a/").Option("--dst-prefix", "b/");
            return gitPath is null ? diff : diff.Paths(gitPath);
        }, maxChars, cancellationToken);
        var untracked = await ListUntrackedAsync(worktreePath, gitPath, cancellationToken);
        var tracked = await trackedTask;
        if (untracked.Count == 0)
        {
            return tracked;
        }

        var text = new System.Text.StringBuilder(tracked.Text);
        var length = tracked.Length;
        var truncated = tracked.Truncated;
        foreach (var file in untracked)
        {
            var room = maxChars is { } max ? Math.Max(0, max - text.Length) : (int?)null;
            if (room == 0)
            {
                // Full already: the rest is only counted.
                truncated = true;
                length += new FileInfo(Path.Combine(worktreePath, file)).Length;
                continue;
            }

            var rendered = UntrackedFiles.RenderNewFileDiff(worktreePath, file, room);
            text.Append(rendered.Text);
            length += rendered.Length;
            truncated |= rendered.Truncated;
        }

        return new DiffPreview(text.ToString(), truncated, length);
    }

    private async Task<List<FileDiffStat>> GetTrackedStatsAsync(string worktreePath, string? baseRef, CancellationToken cancellationToken)
    {
        var output = await RunDiffAsync(worktreePath, baseRef, diff => diff
            .Flag("--no-color").Flag("--no-ext-diff").Flag("--no-textconv").Flag("--find-renames")
            .Flag("--raw").Flag("--numstat").Flag("-z"), null, cancellationToken);
        return DiffStatParser.Parse(output.Text);
    }

    private async Task<IReadOnlyList<string>> ListUntrackedAsync(string worktreePath, string? gitPath, CancellationToken cancellationToken)
    {
        var command = GitCommand.Create("ls-files").Flag("--others").Flag("--exclude-standard").Flag("-z");
        if (gitPath is not null)
        {
            command = command.Paths(gitPath);
        }

        var result = await git.RunAsync(worktreePath, command, ReadOnlyGit.Options, cancellationToken);
        return result.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>
    /// <c>git diff HEAD</c>, or <c>git diff --merge-base &lt;base&gt;</c>: the working tree (commits,
    /// staged and unstaged edits) against the merge-base of base and HEAD, in one process. Before
    /// the first commit there is no HEAD, and the diff is against the empty tree.
    /// </summary>
    private async Task<DiffPreview> RunDiffAsync(string worktreePath, string? baseRef, Func<GitCommand, GitCommand> complete, int? maxChars, CancellationToken cancellationToken)
    {
        var diff = GitCommand.Create("diff").Config("core.quotePath", "false");
        var command = complete(baseRef is null ? diff.Arg("HEAD") : diff.Flag("--merge-base").Arg(baseRef));
        var options = ReadOnlyGit.Options with { ThrowOnError = false, MaxOutputChars = maxChars };
        var result = await git.RunAsync(worktreePath, command, options, cancellationToken);
        if (!result.Succeeded && baseRef is null && await EmptyTreeIfUnbornAsync(worktreePath, cancellationToken) is { } emptyTree)
        {
            result = await git.RunAsync(worktreePath, complete(diff.Arg(emptyTree)), options with { ThrowOnError = true }, cancellationToken);
        }

        if (!result.Succeeded)
        {
            throw Running.GitErrors.Create(command.ToArguments(), result);
        }

        return new DiffPreview(CutAtLine(result.StandardOutput, result.StandardOutputTruncated), result.StandardOutputTruncated, result.StandardOutputLength);
    }

    /// <summary>A truncated diff ends at its last whole line, so no half line is shown.</summary>
    private static string CutAtLine(string text, bool truncated) =>
        truncated && text.LastIndexOf('\n') is var end and >= 0 ? text[..(end + 1)] : text;

    private async Task<string?> EmptyTreeIfUnbornAsync(string worktreePath, CancellationToken cancellationToken)
    {
        var head = GitCommand.Create("rev-parse").Flag("--verify").Flag("--quiet").Arg("HEAD^{commit}");
        if ((await git.RunAsync(worktreePath, head, ReadOnlyGit.Options with { ThrowOnError = false }, cancellationToken)).Succeeded)
        {
            return null;
        }

        // The empty tree's id depends on the object format (sha1 / sha256), so ask git.
        var emptyTree = GitCommand.Create("hash-object").Flag("-t").Arg("tree").Flag("--stdin");
        var result = await git.RunAsync(worktreePath, emptyTree, ReadOnlyGit.Options with { StandardInput = "" }, cancellationToken);
        return result.StandardOutput.Trim();
    }

    private static DiffSummary Combine(string worktreePath, List<FileDiffStat> tracked, IReadOnlyList<string> untracked)
    {
        foreach (var path in untracked)
        {
            tracked.Add(UntrackedFiles.Stat(worktreePath, path));
        }

        return new DiffSummary(tracked);
    }
}
