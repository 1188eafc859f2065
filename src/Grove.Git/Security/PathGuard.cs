using Grove.Core.Errors;

namespace Grove.Git.Security;

/// <summary>
/// Resolves a path that came from a user, the UI or an agent inside a root folder (a registered
/// project or worktree), failing closed. Refused: absolute paths, <c>..</c> segments, backslashes,
/// control and format characters, segments that decode (percent-encoding, Unicode compatibility
/// forms and look-alikes) to something else dangerous, and any path whose real location leaves the
/// root. The real location is found component by component from the real root, reading every
/// link on the way (links in parent folders, chains, dangling links, cycles); every link followed
/// must stay inside the root at every hop, and any IO error refuses the path.
/// </summary>
public static partial class PathGuard
{
    /// <summary>Most links followed while resolving one path (Linux uses the same bound).</summary>
    public const int MaxLinkHops = 40;

    /// <summary>
    /// Returns the real full path of <paramref name="relativePath"/> inside <paramref name="root"/>,
    /// following every link (including the last component). The target itself need not exist.
    /// Throws <see cref="SecurityViolationException"/>.
    /// </summary>
    public static string Resolve(string root, string relativePath)
    {
        var segments = Validate(relativePath);
        var realRoot = RealRoot(root);
        var full = ResolveSegments(realRoot, segments, followFinal: true, relativePath);
        EnsureStrictlyInside(realRoot, full, relativePath);
        return full;
    }

    /// <summary>
    /// Like <see cref="Resolve"/> but the last component is not followed when it is a link: the
    /// parent folder is resolved really and the name appended. Used to delete or rename a link
    /// itself rather than whatever it points at.
    /// </summary>
    public static string ResolveNoFollow(string root, string relativePath)
    {
        var segments = Validate(relativePath);
        var realRoot = RealRoot(root);
        var full = ResolveSegments(realRoot, segments, followFinal: false, relativePath);
        EnsureStrictlyInside(realRoot, full, relativePath);
        return full;
    }

    /// <summary>
    /// Like <see cref="Resolve"/> but returns the path relative to the root with '/' separators,
    /// as git expects after <c>--</c>. The last component is not followed (git tracks links as links).
    /// </summary>
    public static string ToGitPath(string root, string relativePath)
    {
        var realRoot = RealRoot(root);
        var full = ResolveNoFollow(realRoot, relativePath);
        var relative = Path.GetRelativePath(realRoot, full);
        if (relative == ".")
        {
            throw new SecurityViolationException("The path names the root folder itself.");
        }

        return relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>
    /// True when <paramref name="candidate"/> (absolute) is the root or lies inside it after
    /// resolving links. Never throws for a hostile candidate: anything doubtful is false.
    /// </summary>
    public static bool IsInside(string root, string candidate)
    {
        try
        {
            return TryRelativeToRoot(root, candidate, followFinal: true, out _);
        }
        catch (SecurityViolationException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// Maps an absolute <paramref name="candidate"/> to its '/'-separated path relative to
    /// <paramref name="root"/> ("" for the root itself) when it lies inside after resolving links.
    /// </summary>
    internal static bool TryRelativeToRoot(string root, string candidate, bool followFinal, out string relative)
    {
        relative = "";
        ArgumentException.ThrowIfNullOrEmpty(candidate);
        CheckAbsoluteText(candidate);
        var realRoot = RealRoot(root);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(candidate));
        foreach (var start in new[] { realRoot, Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) })
        {
            var lexical = Path.GetRelativePath(start, full);
            if (lexical == ".")
            {
                relative = "";
                return true;
            }

            if (IsOutsideRelative(lexical))
            {
                continue;
            }

            var segments = Validate(lexical.Replace(Path.DirectorySeparatorChar, '/'));
            var resolved = ResolveSegments(realRoot, segments, followFinal, candidate);
            var inside = Path.GetRelativePath(realRoot, resolved);
            if (IsOutsideRelative(inside))
            {
                throw new SecurityViolationException($"Path '{Printable(candidate)}' resolves outside the workspace.");
            }

            relative = inside == "." ? "" : inside.Replace(Path.DirectorySeparatorChar, '/');
            return true;
        }

        return false;
    }

    /// <summary>The real path of a root folder, every link in it resolved. It must exist and be a folder.</summary>
    public static string RealRoot(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        CheckAbsoluteText(root);
        string full;
        try
        {
            full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new SecurityViolationException("The root folder path is not valid.");
        }

        var real = RealPath(full);
        if (!Directory.Exists(real))
        {
            throw new SecurityViolationException($"The root folder '{Printable(root)}' does not exist.");
        }

        return real;
    }

    private static void EnsureStrictlyInside(string realRoot, string fullPath, string shown)
    {
        var relative = Path.GetRelativePath(realRoot, fullPath);
        if (relative == ".")
        {
            throw new SecurityViolationException($"Path '{Printable(shown)}' names the root folder itself.");
        }

        if (IsOutsideRelative(relative))
        {
            throw new SecurityViolationException($"Path '{Printable(shown)}' resolves outside the workspace.");
        }
    }

    private static bool IsOutsideRelative(string relative) =>
        Path.IsPathRooted(relative) || relative == ".." ||
        relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) ||
        (Path.AltDirectorySeparatorChar != Path.DirectorySeparatorChar &&
         relative.StartsWith(".." + Path.AltDirectorySeparatorChar, StringComparison.Ordinal));

    internal static string Printable(string value)
    {
        var trimmed = value.Length > 80 ? value[..80] + "…" : value;
        return string.Concat(trimmed.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? '?' : c));
    }
}
