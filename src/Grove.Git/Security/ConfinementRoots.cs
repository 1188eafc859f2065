using System.Collections.Immutable;
using Grove.Core.Errors;

namespace Grove.Git.Security;

/// <summary>A registered root: a project folder or a workspace's worktree.</summary>
/// <param name="Id">The caller's id for it (project or workspace id).</param>
/// <param name="Path">The path as registered (full, no trailing separator).</param>
/// <param name="RealPath">The same folder with every link resolved.</param>
public sealed record ConfinementRoot(string Id, string Path, string RealPath);

/// <summary>Where an absolute path landed: the root holding it and its confined, real full path.</summary>
/// <param name="Root">The most specific registered root that holds the path.</param>
/// <param name="FullPath">The real full path (links resolved, the last one not followed).</param>
/// <param name="RelativePath">The path relative to the root, '/' separated; "" for the root itself.</param>
public sealed record ConfinedPath(ConfinementRoot Root, string FullPath, string RelativePath);

/// <summary>
/// The folders Grove may touch on behalf of a user, the UI or an agent. Every file operation
/// names one of these roots; anything outside all of them is refused.
/// </summary>
public interface IPathConfinement
{
    /// <summary>The roots registered now (a snapshot).</summary>
    IReadOnlyList<ConfinementRoot> Roots { get; }

    /// <summary>Registers (or re-points) <paramref name="id"/> at an existing folder.</summary>
    ConfinementRoot Register(string id, string path);

    /// <summary>Removes a root; false when it was not registered.</summary>
    bool Unregister(string id);

    /// <summary>The root registered under an id or a path (registered or real), or null.</summary>
    ConfinementRoot? Find(string rootIdOrPath);

    /// <summary>Like <see cref="Find"/> but refuses an unknown root.</summary>
    ConfinementRoot GetRoot(string rootIdOrPath);

    /// <summary>Which root holds <paramref name="absolutePath"/>; refuses anything outside every root.</summary>
    ConfinedPath ResolveAbsolute(string absolutePath);

    /// <summary>Resolves <paramref name="relativePath"/> inside a registered root (see <see cref="PathGuard.Resolve"/>).</summary>
    string Resolve(string rootIdOrPath, string relativePath);
}

/// <summary>A thread-safe registry of confinement roots (copy-on-write snapshots).</summary>
public sealed class ConfinementRoots : IPathConfinement
{
    private readonly Lock _gate = new();
    private ImmutableDictionary<string, ConfinementRoot> _roots = ImmutableDictionary<string, ConfinementRoot>.Empty.WithComparers(StringComparer.Ordinal);

    public IReadOnlyList<ConfinementRoot> Roots => [.. Volatile.Read(ref _roots).Values];

    public ConfinementRoot Register(string id, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (id.Any(char.IsControl) || id.Contains('/') || id.Contains('\\'))
        {
            throw new SecurityViolationException("A root id may not hold separators or control characters.");
        }

        var realPath = PathGuard.RealRoot(path);
        if (Path.GetPathRoot(realPath) is { } fsRoot && PathGuard.PathEquals(fsRoot, realPath))
        {
            throw new SecurityViolationException("The filesystem root cannot be registered as a workspace.");
        }

        var root = new ConfinementRoot(id, Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)), realPath);
        lock (_gate)
        {
            _roots = _roots.SetItem(id, root);
        }

        return root;
    }

    public bool Unregister(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_gate)
        {
            var before = _roots;
            _roots = _roots.Remove(id);
            return !ReferenceEquals(before, _roots);
        }
    }

    public ConfinementRoot? Find(string rootIdOrPath)
    {
        ArgumentNullException.ThrowIfNull(rootIdOrPath);
        var roots = Volatile.Read(ref _roots);
        if (roots.TryGetValue(rootIdOrPath, out var byId))
        {
            return byId;
        }

        if (!Path.IsPathFullyQualified(rootIdOrPath))
        {
            return null;
        }

        var trimmed = Path.TrimEndingDirectorySeparator(rootIdOrPath);
        return roots.Values.FirstOrDefault(r => PathGuard.PathEquals(r.Path, trimmed) || PathGuard.PathEquals(r.RealPath, trimmed));
    }

    public ConfinementRoot GetRoot(string rootIdOrPath) =>
        Find(rootIdOrPath) ?? throw new SecurityViolationException($"'{PathGuard.Printable(rootIdOrPath)}' is not a registered project or worktree.");

    public ConfinedPath ResolveAbsolute(string absolutePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(absolutePath);
        PathGuard.CheckAbsoluteText(absolutePath);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(absolutePath));

        // Most specific root first: a worktree may live inside a project folder.
        var candidates = Volatile.Read(ref _roots).Values
            .Where(r => IsLexicallyUnder(r.Path, full) || IsLexicallyUnder(r.RealPath, full))
            .OrderByDescending(r => r.RealPath.Length);
        foreach (var root in candidates)
        {
            if (PathGuard.TryRelativeToRoot(root.RealPath, full, followFinal: false, out var relative) ||
                PathGuard.TryRelativeToRoot(root.Path, full, followFinal: false, out relative))
            {
                var confined = relative.Length == 0 ? root.RealPath : PathGuard.ResolveNoFollow(root.RealPath, relative);
                return new ConfinedPath(root, confined, relative);
            }
        }

        throw new SecurityViolationException($"Path '{PathGuard.Printable(absolutePath)}' is outside every registered project and worktree.");
    }

    public string Resolve(string rootIdOrPath, string relativePath) => PathGuard.Resolve(GetRoot(rootIdOrPath).RealPath, relativePath);

    private static bool IsLexicallyUnder(string root, string full)
    {
        if (PathGuard.PathEquals(root, full))
        {
            return true;
        }

        var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        return full.StartsWith(prefix, OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }
}
