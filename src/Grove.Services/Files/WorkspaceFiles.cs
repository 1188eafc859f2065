using System.Collections.Concurrent;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Git;
using Grove.Git.Security;
using Grove.Services.Workspaces;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Files;

internal sealed partial class WorkspaceFiles(IWorkspaceService workspaces, IGitRunner git, TimeProvider time, ILogger<WorkspaceFiles> logger) : IWorkspaceFiles
{
    /// <summary>How long a listing is reused before git is asked again.</summary>
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(15);

    /// <summary>Most files kept per workspace (a huge monorepo still answers quickly).</summary>
    public const int MaxFiles = 100_000;

    private static readonly IReadOnlyDictionary<string, string> ReadOnlyEnvironment = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["GIT_OPTIONAL_LOCKS"] = "0",
    };

    private readonly ConcurrentDictionary<string, CacheEntry> _cache = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<string>> ListAsync(string workspace, CancellationToken cancellationToken = default) =>
        (await ListingAsync(workspace, cancellationToken)).Files;

    public async Task<IReadOnlyList<FileMatch>> SearchAsync(string workspace, string query, int limit = 20, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        query = (query ?? string.Empty).Trim();
        EnsureInsideQuery(query);
        var listing = await ListingAsync(workspace, cancellationToken);
        if (query.Length == 0)
        {
            return [.. listing.Entries
                .OrderBy(p => p.TrimEnd('/').Count(c => c == '/'))
                .ThenBy(p => p.EndsWith('/') ? 0 : 1)
                .ThenBy(p => p, StringComparer.OrdinalIgnoreCase)
                .Take(limit)
                .Select(p => new FileMatch(p, 0, []))];
        }

        var matches = new List<FileMatch>();
        foreach (var entry in listing.Entries)
        {
            if (FuzzyMatcher.Match(query, entry) is { } match)
            {
                // A folder ranks just below a file that matches as well.
                matches.Add(new FileMatch(entry, entry.EndsWith('/') ? match.Score - 1 : match.Score, match.Positions));
            }
        }

        return [.. matches
            .OrderByDescending(m => m.Score)
            .ThenBy(m => m.Path.Length)
            .ThenBy(m => m.Path, StringComparer.Ordinal)
            .Take(limit)];
    }

    public void Invalidate(string workspaceId) => _cache.TryRemove(workspaceId, out _);

    /// <summary>A query is text to match, not a path to open; one that aims outside the worktree is refused all the same.</summary>
    private static void EnsureInsideQuery(string query)
    {
        if (query.Length == 0)
        {
            return;
        }

        if (query[0] is '/' or '~' or '\\' || Path.IsPathRooted(query) || (query.Length > 1 && query[1] == ':' && char.IsAsciiLetter(query[0])))
        {
            throw new SecurityViolationException("Only files inside the workspace can be mentioned; use a path relative to it.");
        }

        if (query.Split('/', '\\').Any(s => s == ".."))
        {
            throw new SecurityViolationException("'..' is not allowed in a mention: only files inside the workspace can be mentioned.");
        }

        if (query.Any(char.IsControl))
        {
            throw new SecurityViolationException("A mention may not hold control characters.");
        }
    }

    private async Task<Listing> ListingAsync(string reference, CancellationToken cancellationToken)
    {
        var workspace = await workspaces.ResolveAsync(reference, cancellationToken);
        if (!Directory.Exists(workspace.WorktreePath))
        {
            throw new GroveException(ErrorKind.NotFound, $"The worktree of '{workspace.Name}' is missing ({workspace.WorktreePath}).");
        }

        var now = time.GetTimestamp();
        if (_cache.TryGetValue(workspace.Id, out var cached) && time.GetElapsedTime(cached.BuiltAt, now) < CacheLifetime && !cached.Listing.IsFaulted)
        {
            return await cached.Listing.WaitAsync(cancellationToken);
        }

        // One build per workspace at a time: concurrent callers share it.
        var entry = _cache.AddOrUpdate(
            workspace.Id,
            _ => new CacheEntry(now, BuildAsync(workspace)),
            (_, old) => time.GetElapsedTime(old.BuiltAt, now) < CacheLifetime && !old.Listing.IsFaulted ? old : new CacheEntry(now, BuildAsync(workspace)));
        return await entry.Listing.WaitAsync(cancellationToken);
    }

    private async Task<Listing> BuildAsync(Workspace workspace)
    {
        var root = PathGuard.RealRoot(workspace.WorktreePath);
        var candidates = await GitFilesAsync(root) ?? WalkFiles(root);
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in candidates)
        {
            if (files.Count >= MaxFiles)
            {
                LogTruncated(logger, workspace.Name, MaxFiles);
                break;
            }

            if (seen.Add(path) && IsConfinedFile(root, path))
            {
                files.Add(path);
            }
        }

        files.Sort(StringComparer.Ordinal);
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            for (var slash = file.IndexOf('/'); slash > 0; slash = file.IndexOf('/', slash + 1))
            {
                folders.Add(file[..(slash + 1)]);
            }
        }

        return new Listing(files, [.. files, .. folders]);
    }

    /// <summary>Tracked and untracked-but-not-ignored files, or null when the folder is not a git work tree.</summary>
    private async Task<IReadOnlyList<string>?> GitFilesAsync(string root)
    {
        var command = GitCommand.Create("ls-files").Flag("--cached").Flag("--others").Flag("--exclude-standard").Flag("-z");
        var result = await git.RunAsync(root, command, new GitRunOptions { Environment = ReadOnlyEnvironment, ThrowOnError = false, Timeout = TimeSpan.FromSeconds(30) }, CancellationToken.None);
        if (!result.Succeeded)
        {
            LogNotGit(logger, root, result.StandardError.Trim());
            return null;
        }

        return result.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>A plain folder (local mode without git): walk it without following links, skipping the usual heavy folders.</summary>
    private static IEnumerable<string> WalkFiles(string root)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
            IgnoreInaccessible = true,
            ReturnSpecialDirectories = false,
        };
        string[] skipped = [".git", "node_modules", "bin", "obj", ".venv", "target", "dist"];
        return Directory.EnumerateFiles(root, "*", options)
            .Select(full => Path.GetRelativePath(root, full).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(relative => !relative.Split('/').Any(segment => skipped.Contains(segment, StringComparer.Ordinal)));
    }

    /// <summary>Keeps a listed path only when it is a file (or a link that stays) inside the root.</summary>
    private static bool IsConfinedFile(string root, string path)
    {
        try
        {
            PathGuard.Validate(path);
            if (PathGuard.TouchesGitDirectory(path))
            {
                return false;
            }

            var full = Path.Combine(root, path.Replace('/', Path.DirectorySeparatorChar));
            var info = new FileInfo(full);
            if (info.LinkTarget is not null)
            {
                return PathGuard.IsInside(root, full) && File.Exists(full);
            }

            // git lists a linked folder as the link itself, never what is inside it, and the walk
            // skips links: a plain file's folders are real folders inside the root.
            return info.Exists;
        }
        catch (SecurityViolationException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "File list: {Root} is not a git work tree ({Error}); walking the folder")]
    private static partial void LogNotGit(ILogger logger, string root, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "File list of {Workspace} cut at {Max} files")]
    private static partial void LogTruncated(ILogger logger, string workspace, int max);

    private sealed record CacheEntry(long BuiltAt, Task<Listing> Listing);

    /// <summary>Files, and files plus their folders (ending in '/') for search.</summary>
    private sealed record Listing(IReadOnlyList<string> Files, IReadOnlyList<string> Entries);
}
