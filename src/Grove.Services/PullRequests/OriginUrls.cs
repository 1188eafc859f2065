using System.Collections.Concurrent;
using System.Globalization;
using Grove.Core.Errors;
using Grove.Git;
using Grove.Git.Security;
using Grove.Git.Watching;

namespace Grove.Services.PullRequests;

/// <summary>
/// origin's URL of a work tree as configured: read with git once, and again only when the
/// repository's config (or the worktree's <c>config.worktree</c>) changed, told by each file's size
/// and last write. A file written in the last two seconds is not trusted (coarse file times), so a
/// change is never missed; the pull request poller of an idle workspace then runs no git.
/// </summary>
internal sealed class OriginUrls(IGitRunner git, TimeProvider time)
{
    private const int MaxEntries = 2048;
    private static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, (string Stamp, string Url)> _known = new(StringComparer.Ordinal);

    /// <summary>The URL, or "" when there is no origin.</summary>
    public async Task<string> GetAsync(string worktreePath, CancellationToken cancellationToken)
    {
        var stamp = Stamp(worktreePath);
        if (stamp is not null && _known.TryGetValue(worktreePath, out var known) && known.Stamp == stamp)
        {
            return known.Url;
        }

        var result = await git.RunAsync(
            worktreePath,
            GitCommand.Create("config").Flag("--get").Arg("remote.origin.url"),
            new GitRunOptions { ThrowOnError = false },
            cancellationToken);
        var url = result.Succeeded ? result.StandardOutput.Trim() : "";
        if (stamp is not null)
        {
            if (_known.Count >= MaxEntries)
            {
                _known.Clear();
            }

            _known[worktreePath] = (stamp, url);
        }

        return url;
    }

    /// <summary>Size and last write of the config files, or null when one is too fresh or unreadable.</summary>
    private string? Stamp(string worktreePath)
    {
        try
        {
            var directories = GitDirectories.Locate(worktreePath);
            var racyAfter = time.GetUtcNow().UtcDateTime - RacyWindow;
            var parts = new List<string>(2);
            foreach (var path in new[] { Path.Combine(directories.CommonDir, "config"), Path.Combine(directories.GitDir, "config.worktree") })
            {
                var file = new FileInfo(path);
                if (!file.Exists)
                {
                    parts.Add("-");
                    continue;
                }

                if (file.LastWriteTimeUtc > racyAfter)
                {
                    return null;
                }

                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{file.Length}:{file.LastWriteTimeUtc.Ticks}"));
            }

            return string.Join('|', parts);
        }
        catch (Exception ex) when (ex is GroveException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
