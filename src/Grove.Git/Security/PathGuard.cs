using System.Text;
using Grove.Core.Errors;

namespace Grove.Git.Security;

/// <summary>
/// Resolves a path that came from a user, the UI or an agent inside a root folder (a registered
/// project or worktree), failing closed. Refused: absolute paths, <c>..</c> segments, backslashes,
/// control characters, segments that decode (percent-encoding, Unicode compatibility forms) to
/// something else dangerous, and any path whose real location after symlink resolution (including
/// dangling links and links in parent folders) leaves the root.
/// </summary>
public static class PathGuard
{
    /// <summary>
    /// Returns the full path of <paramref name="relativePath"/> inside <paramref name="root"/>.
    /// The target itself need not exist. Throws <see cref="SecurityViolationException"/>.
    /// </summary>
    public static string Resolve(string root, string relativePath)
    {
        var segments = Validate(relativePath);
        var realRoot = RealRoot(root);
        var current = realRoot;
        foreach (var segment in segments)
        {
            current = Path.Combine(current, segment);
            current = FollowLinks(realRoot, current);
        }

        EnsureInside(realRoot, current, relativePath);
        return current;
    }

    /// <summary>
    /// Like <see cref="Resolve"/> but returns the path relative to the root with '/' separators,
    /// as git expects after <c>--</c>.
    /// </summary>
    public static string ToGitPath(string root, string relativePath)
    {
        var full = Resolve(root, relativePath);
        var realRoot = RealRoot(root);
        var relative = Path.GetRelativePath(realRoot, full);
        if (relative == ".")
        {
            throw new SecurityViolationException("The path names the root folder itself.");
        }

        return relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>True when <paramref name="candidate"/> (absolute) is the root or lies inside it, after resolving links.</summary>
    public static bool IsInside(string root, string candidate)
    {
        try
        {
            var realRoot = RealRoot(root);
            var full = Path.GetFullPath(candidate);
            var relative = Path.GetRelativePath(realRoot, full);
            if (relative == ".")
            {
                return true;
            }

            if (Path.IsPathRooted(relative) || relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                return false;
            }

            Resolve(realRoot, relative.Replace(Path.DirectorySeparatorChar, '/'));
            return true;
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

    /// <summary>Checks the text of a relative path and splits it into segments.</summary>
    public static IReadOnlyList<string> Validate(string relativePath)
    {
        if (string.IsNullOrEmpty(relativePath))
        {
            throw new SecurityViolationException("An empty path was refused.");
        }

        if (relativePath.Length > 4096)
        {
            throw new SecurityViolationException("The path is too long.");
        }

        foreach (var c in relativePath)
        {
            if (char.IsControl(c))
            {
                throw new SecurityViolationException("The path contains a control character.");
            }
        }

        if (relativePath.Contains('\\'))
        {
            throw new SecurityViolationException("Backslashes are not allowed in paths.");
        }

        if (Path.IsPathRooted(relativePath) || relativePath.StartsWith('/') || relativePath.StartsWith('~') ||
            (relativePath.Length >= 2 && relativePath[1] == ':'))
        {
            throw new SecurityViolationException($"Absolute path '{relativePath}' refused: paths must be relative to the workspace.");
        }

        var segments = new List<string>();
        foreach (var raw in relativePath.Split('/'))
        {
            if (raw.Length == 0 || raw == ".")
            {
                continue;
            }

            if (raw == "..")
            {
                throw new SecurityViolationException($"Path '{relativePath}' refused: '..' segments are not allowed.");
            }

            CheckDecodedForms(raw, relativePath);
            segments.Add(raw);
        }

        if (segments.Count == 0)
        {
            throw new SecurityViolationException($"Path '{relativePath}' names no file.");
        }

        return segments;
    }

    private static void CheckDecodedForms(string segment, string whole)
    {
        // A segment that means something else once decoded is refused: whichever layer decodes
        // it later (a URL, a shell, a normalising filesystem) must not find a traversal in it.
        var decoded = segment;
        for (var i = 0; i < 3 && decoded.Contains('%'); i++)
        {
            string next;
            try
            {
                next = Uri.UnescapeDataString(decoded);
            }
            catch (UriFormatException)
            {
                break;
            }

            if (next == decoded)
            {
                break;
            }

            decoded = next;
        }

        var normalized = decoded.Normalize(NormalizationForm.FormKC);
        foreach (var form in new[] { decoded, normalized })
        {
            if (form == ".." || form.Contains('/') || form.Contains('\\') || form.Any(char.IsControl) ||
                form.StartsWith("../", StringComparison.Ordinal) || (form.Length >= 2 && form[1] == ':' && form != segment))
            {
                throw new SecurityViolationException($"Path '{whole}' refused: a segment decodes to a traversal.");
            }
        }

        if (normalized == "." && segment != ".")
        {
            throw new SecurityViolationException($"Path '{whole}' refused: a segment decodes to '.'.");
        }
    }

    private static string RealRoot(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (!Directory.Exists(full))
        {
            throw new SecurityViolationException($"The root folder '{root}' does not exist.");
        }

        // Resolve links in the root itself, component by component, so containment is checked on real paths.
        var parts = full.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = Path.GetPathRoot(full) ?? Path.DirectorySeparatorChar.ToString();
        foreach (var part in parts)
        {
            current = Path.Combine(current, part);
            var info = new DirectoryInfo(current);
            if (info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true)
                    ?? throw new SecurityViolationException($"The root folder '{root}' could not be resolved.");
                current = Path.TrimEndingDirectorySeparator(target.FullName);
            }
        }

        return current;
    }

    private static string FollowLinks(string realRoot, string path)
    {
        // Follow up to 40 hops, each checked for containment (a chain may leave and come back).
        for (var hops = 0; hops < 40; hops++)
        {
            FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
            string? target;
            try
            {
                target = info.LinkTarget;
            }
            catch (IOException)
            {
                throw new SecurityViolationException("A link in the path could not be read.");
            }

            if (target is null)
            {
                return path;
            }

            var next = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(Path.GetDirectoryName(path)!, target));
            EnsureInside(realRoot, next, path);
            path = next;
        }

        throw new SecurityViolationException("Too many levels of symbolic links.");
    }

    private static void EnsureInside(string realRoot, string fullPath, string shown)
    {
        var relative = Path.GetRelativePath(realRoot, fullPath);
        if (relative == "." || Path.IsPathRooted(relative) || relative == ".." ||
            relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new SecurityViolationException($"Path '{shown}' resolves outside the workspace.");
        }
    }
}
