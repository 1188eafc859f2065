using Grove.Core.Errors;

namespace Grove.Git.Security;

/// <summary>
/// The link-following half of <see cref="PathGuard"/>: real paths computed component by
/// component, reading each link with <c>readlink</c> semantics rather than trusting the text.
/// </summary>
public static partial class PathGuard
{
    private enum EntryKind
    {
        Missing,
        Link,
        Other,
    }

    /// <summary>
    /// The real path of an absolute path (like <c>realpath</c>): every link resolved, from the
    /// filesystem root down. Components that do not exist are appended as they are (a '..' after
    /// a missing component is refused). Link cycles and IO errors are refused.
    /// </summary>
    public static string RealPath(string absolutePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(absolutePath);
        var full = Path.GetFullPath(absolutePath);
        var fsRoot = Path.GetPathRoot(full) ?? throw new SecurityViolationException("The path has no root.");
        return Path.TrimEndingDirectorySeparator(Walk(fsRoot, SplitComponents(full[fsRoot.Length..]), confinedTo: null, absolutePath));
    }

    /// <summary>
    /// Resolves validated <paramref name="segments"/> below <paramref name="realRoot"/>. The walk
    /// starts at the real root and only ever holds real, non-link components, so containment is
    /// checked on the real path; a link whose target (read from the filesystem) would take the walk
    /// above the root, or to an absolute place outside it, is refused at that hop even if a later
    /// hop would come back.
    /// </summary>
    private static string ResolveSegments(string realRoot, IReadOnlyList<string> segments, bool followFinal, string shown)
    {
        var current = Walk(realRoot, followFinal ? segments : segments.Take(segments.Count - 1), confinedTo: realRoot, shown);
        return followFinal ? current : Path.Combine(current, segments[^1]);
    }

    /// <summary>
    /// The one link walker behind <see cref="RealPath"/> and <see cref="ResolveSegments"/>: takes
    /// <paramref name="components"/> one by one from <paramref name="start"/>, reading each link
    /// from the filesystem and walking its target in place of the link. With
    /// <paramref name="confinedTo"/> (a real path) the walk may never leave that folder: a '..' at
    /// its top or an absolute link target outside it is refused. Past a missing component the rest
    /// is appended as it is.
    /// </summary>
    private static string Walk(string start, IEnumerable<string> components, string? confinedTo, string shown)
    {
        var pending = new LinkedList<string>(components);
        var current = start;
        var hops = 0;
        while (pending.First is { } node)
        {
            pending.RemoveFirst();
            var component = node.Value;
            if (component is "" or ".")
            {
                continue;
            }

            if (component == "..")
            {
                if (confinedTo is not null && PathEquals(current, confinedTo))
                {
                    throw new SecurityViolationException($"Path '{Printable(shown)}' resolves outside the workspace (a link climbs above it).");
                }

                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Combine(current, component);
            var (kind, target) = Inspect(next, shown);
            switch (kind)
            {
                case EntryKind.Missing:
                    return AppendMissing(next, pending, shown);
                case EntryKind.Link:
                    CountHop(ref hops, shown);
                    if (Path.IsPathRooted(target))
                    {
                        current = RestartAtAbsoluteTarget(target!, confinedTo, pending, shown);
                    }
                    else
                    {
                        PushFront(pending, SplitComponents(target!));
                    }

                    break;
                default:
                    current = next;
                    break;
            }
        }

        return current;
    }

    /// <summary>
    /// An absolute link target: the walk goes on from the target's root (unconfined), or from the
    /// confinement root with the target made relative to it (refused when it points outside, or
    /// when it holds a '..' that could hide a link).
    /// </summary>
    private static string RestartAtAbsoluteTarget(string target, string? confinedTo, LinkedList<string> pending, string shown)
    {
        if (confinedTo is null)
        {
            var targetFull = Path.GetFullPath(target);
            var root = Path.GetPathRoot(targetFull) ?? throw new SecurityViolationException($"Path '{Printable(shown)}' holds a link without a root.");
            PushFront(pending, SplitComponents(targetFull[root.Length..]));
            return root;
        }

        if (SplitComponents(target).Contains(".."))
        {
            // Lexical '..' in an absolute target could hide a link; refuse rather than guess.
            throw new SecurityViolationException($"Path '{Printable(shown)}' refused: a link's absolute target holds '..'.");
        }

        var relative = Path.GetRelativePath(confinedTo, Path.GetFullPath(target));
        if (relative != "." && IsOutsideRelative(relative))
        {
            throw new SecurityViolationException($"Path '{Printable(shown)}' resolves outside the workspace (a link points outside).");
        }

        PushFront(pending, SplitComponents(relative));
        return confinedTo;
    }

    private static (EntryKind Kind, string? Target) Inspect(string path, string shown)
    {
        try
        {
            var info = new FileInfo(path);
            var target = info.LinkTarget;
            if (target is not null)
            {
                if (target.Length == 0 || target.Contains('\0'))
                {
                    throw new SecurityViolationException($"Path '{Printable(shown)}' holds an unreadable link.");
                }

                return (EntryKind.Link, StripWindowsPrefix(target));
            }

            return info.Exists || Directory.Exists(path) ? (EntryKind.Other, null) : (EntryKind.Missing, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // Fail closed: a component we cannot inspect might be a link anywhere.
            throw new SecurityViolationException($"Path '{Printable(shown)}' could not be checked ({e.GetType().Name}).");
        }
    }

    private static string AppendMissing(string missing, LinkedList<string> rest, string shown)
    {
        // Below a component that does not exist nothing can be a link, but a '..' would climb
        // lexically where the filesystem would fail: refuse it rather than guess.
        var current = missing;
        foreach (var component in rest)
        {
            if (component is "" or ".")
            {
                continue;
            }

            if (component == "..")
            {
                throw new SecurityViolationException($"Path '{Printable(shown)}' refused: a link climbs out of a folder that does not exist.");
            }

            current = Path.Combine(current, component);
        }

        return current;
    }

    private static void CountHop(ref int hops, string shown)
    {
        if (++hops > MaxLinkHops)
        {
            throw new SecurityViolationException($"Path '{Printable(shown)}' refused: too many levels of links (a cycle?).");
        }
    }

    private static void PushFront(LinkedList<string> pending, IEnumerable<string> components)
    {
        var anchor = pending.First;
        foreach (var component in components)
        {
            if (anchor is null)
            {
                pending.AddLast(component);
            }
            else
            {
                pending.AddBefore(anchor, component);
            }
        }
    }

    private static string[] SplitComponents(string path) =>
        path.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);

    private static string StripWindowsPrefix(string target)
    {
        if (OperatingSystem.IsWindows())
        {
            if (target.StartsWith(@"\??\", StringComparison.Ordinal) || target.StartsWith(@"\\?\", StringComparison.Ordinal))
            {
                return target[4..];
            }
        }

        return target;
    }

    internal static bool PathEquals(string a, string b) =>
        string.Equals(
            Path.TrimEndingDirectorySeparator(a),
            Path.TrimEndingDirectorySeparator(b),
            OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}
