using System.Collections.Concurrent;
using System.Text;
using Grove.Core.Changes;
using Grove.Git.Watching;

namespace Grove.Git.Changes;

/// <summary>
/// Remembers the last diff summary of each (workspace, base) with a fingerprint of everything it
/// depends on: the raw status (HEAD, index object names, every changed or untracked path), the
/// size and modification time of each of those files, and the ref files a base name could come
/// from (content of loose refs, size and time of packed-refs). When the fingerprint is unchanged the diff is not run again, so polling an idle
/// workspace costs one <c>git status</c>. A file modified in the last two seconds is never
/// trusted ("racy" timestamps), exactly like git's own index.
/// </summary>
internal sealed class SnapshotCache(TimeProvider timeProvider)
{
    private const int MaxEntries = 2048;
    private static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<(string Path, string? Base), (string Fingerprint, DiffSummary Diff)> _entries = new();

    public bool Contains(string worktreePath, string? baseRef) => _entries.ContainsKey((worktreePath, baseRef));

    public DiffSummary? TryGet(string worktreePath, string? baseRef, string? fingerprint) =>
        fingerprint is not null && _entries.TryGetValue((worktreePath, baseRef), out var entry) && entry.Fingerprint == fingerprint
            ? entry.Diff
            : null;

    public void Set(string worktreePath, string? baseRef, string? fingerprint, DiffSummary diff)
    {
        if (fingerprint is null)
        {
            _entries.TryRemove((worktreePath, baseRef), out _);
            return;
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[(worktreePath, baseRef)] = (fingerprint, diff);
    }

    /// <summary>The fingerprint (a hash), or null when something is too fresh or unreadable to trust.</summary>
    public string? Fingerprint(string worktreePath, string? baseRef, string rawStatus, WorkingTreeStatus status)
    {
        try
        {
            var racyAfter = timeProvider.GetUtcNow().UtcDateTime - RacyWindow;
            var text = new StringBuilder(rawStatus).Append('\0');
            foreach (var file in status.Files)
            {
                if (file.Kind == FileChangeKind.Ignored || !AppendStamp(text, Path.Combine(worktreePath, file.Path), racyAfter))
                {
                    if (file.Kind != FileChangeKind.Ignored)
                    {
                        return null;
                    }
                }
            }

            if (baseRef is not null)
            {
                // Loose refs are tiny: their content (the commit id) is the stamp. packed-refs can be
                // large, so its size and time stand in for it.
                var common = GitDirectories.Locate(worktreePath).CommonDir;
                if (!AppendStamp(text, Path.Combine(common, "packed-refs"), racyAfter))
                {
                    return null;
                }

                foreach (var candidate in new[] { baseRef, $"refs/{baseRef}", $"refs/tags/{baseRef}", $"refs/heads/{baseRef}", $"refs/remotes/{baseRef}", $"refs/remotes/{baseRef}/HEAD" })
                {
                    var file = Path.Combine(common, candidate);
                    text.Append(File.Exists(file) ? File.ReadAllText(file) : "-").Append('\0');
                }
            }

            // Kept as a hash: the raw status of a busy workspace can be large, and every workspace has an entry.
            return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Core.Errors.GroveException)
        {
            return null;
        }
    }

    private static bool AppendStamp(StringBuilder text, string path, DateTime racyAfter)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            text.Append("-\0");
            return true;
        }

        var written = info.LastWriteTimeUtc;
        if (written >= racyAfter)
        {
            return false;
        }

        text.Append(info.Length).Append(' ').Append(written.Ticks).Append('\0');
        return true;
    }
}
