using System.Globalization;
using System.Text;
using Grove.Core.Errors;

namespace Grove.Git.Security;

/// <summary>The text checks of <see cref="PathGuard"/>: what a relative path may look like.</summary>
public static partial class PathGuard
{
    /// <summary>Longest relative path accepted, in characters.</summary>
    public const int MaxPathLength = 4096;

    /// <summary>Longest single segment accepted, in UTF-8 bytes (the common filesystem limit).</summary>
    public const int MaxSegmentBytes = 255;

    private static readonly string[] WindowsDeviceNames =
    [
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];

    /// <summary>
    /// Checks the text of a relative path and splits it into segments ('/' separated; empty and
    /// <c>.</c> segments dropped). Throws <see cref="SecurityViolationException"/>.
    /// </summary>
    public static IReadOnlyList<string> Validate(string relativePath)
    {
        if (string.IsNullOrEmpty(relativePath))
        {
            throw new SecurityViolationException("An empty path was refused.");
        }

        if (relativePath.Length > MaxPathLength)
        {
            throw new SecurityViolationException($"The path is too long ({relativePath.Length} characters, at most {MaxPathLength}).");
        }

        CheckCharacters(relativePath);

        if (relativePath.Contains('\\'))
        {
            throw new SecurityViolationException($"Path '{Printable(relativePath)}' refused: backslashes are not allowed in paths.");
        }

        if (relativePath[0] is '/' or '~' || Path.IsPathRooted(relativePath) || HasDrivePrefix(relativePath))
        {
            throw new SecurityViolationException($"Absolute path '{Printable(relativePath)}' refused: paths must be relative to the workspace.");
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
                throw new SecurityViolationException($"Path '{Printable(relativePath)}' refused: '..' segments are not allowed.");
            }

            CheckSegment(raw, relativePath);
            segments.Add(raw);
        }

        if (segments.Count == 0)
        {
            throw new SecurityViolationException($"Path '{Printable(relativePath)}' names no file.");
        }

        return segments;
    }

    /// <summary>
    /// True when <paramref name="segment"/> names git's own folder (or a linked worktree's
    /// <c>.git</c> file) on some filesystem: <c>.git</c> in any case, with trailing dots or
    /// spaces (Windows strips them), an NTFS stream suffix, ignorable code points (HFS+), a
    /// full-width look-alike, or the 8.3 short name <c>git~1</c>.
    /// </summary>
    public static bool IsGitDirectorySegment(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var folded = new StringBuilder(segment.Length);
        foreach (var c in Fold(segment))
        {
            if (!IsIgnorableCodePoint(c))
            {
                folded.Append(c);
            }
        }

        var text = folded.ToString();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            text = text[..colon];
        }

        text = text.TrimEnd('.', ' ').ToLowerInvariant();
        return text is ".git" or "git~1";
    }

    /// <summary>True when any segment of the (already validated) relative path is <c>.git</c> or a look-alike.</summary>
    public static bool TouchesGitDirectory(string relativePath) =>
        Validate(relativePath).Any(IsGitDirectorySegment);

    /// <summary>Refuses a path that reaches into a <c>.git</c> folder or file anywhere in it.</summary>
    public static void EnsureNotGitInternal(string relativePath)
    {
        if (TouchesGitDirectory(relativePath))
        {
            throw new SecurityViolationException($"Path '{Printable(relativePath)}' refused: git's own files (.git) are not reachable through the file API.");
        }
    }

    /// <summary>Checks an absolute path's text (a root or a candidate): no control characters, no '..' or '~'.</summary>
    internal static void CheckAbsoluteText(string path)
    {
        if (path.Length > MaxPathLength)
        {
            throw new SecurityViolationException("The path is too long.");
        }

        CheckCharacters(path);
        if (!Path.IsPathFullyQualified(path))
        {
            throw new SecurityViolationException($"Path '{Printable(path)}' is not absolute.");
        }

        foreach (var segment in path.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar))
        {
            if (segment == "..")
            {
                throw new SecurityViolationException($"Path '{Printable(path)}' refused: '..' segments are not allowed.");
            }
        }
    }

    private static void CheckCharacters(string path)
    {
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (char.IsControl(c))
            {
                throw new SecurityViolationException("The path contains a control character.");
            }

            if (char.IsHighSurrogate(c) && i + 1 < path.Length && char.IsLowSurrogate(path[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                throw new SecurityViolationException("The path contains an invalid UTF-16 sequence.");
            }

            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator ||
                IsIgnorableCodePoint(c))
            {
                throw new SecurityViolationException("The path contains an invisible formatting character.");
            }
        }
    }

    private static void CheckSegment(string segment, string whole)
    {
        if (Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
        {
            throw new SecurityViolationException($"Path '{Printable(whole)}' refused: a name is longer than {MaxSegmentBytes} bytes.");
        }

        if (segment[^1] is '.' or ' ')
        {
            // Windows drops trailing dots and spaces, so "a." and "a" (or ".git." and ".git") would alias.
            throw new SecurityViolationException($"Path '{Printable(whole)}' refused: a name ends with a dot or a space.");
        }

        if (OperatingSystem.IsWindows())
        {
            if (segment.Contains(':') || segment.IndexOfAny(['<', '>', '"', '|', '?', '*']) >= 0)
            {
                throw new SecurityViolationException($"Path '{Printable(whole)}' refused: a name holds a character Windows reserves.");
            }

            var stem = segment.Split('.')[0].TrimEnd(' ');
            if (WindowsDeviceNames.Contains(stem, StringComparer.OrdinalIgnoreCase))
            {
                throw new SecurityViolationException($"Path '{Printable(whole)}' refused: '{stem}' is a Windows device name.");
            }
        }

        CheckDecodedForms(segment, whole);
    }

    private static void CheckDecodedForms(string segment, string whole)
    {
        // A segment that means something else once decoded is refused: whichever layer decodes
        // it later (a URL, a shell, a normalising filesystem) must not find a traversal in it.
        var forms = new List<string> { segment };
        var decoded = segment;
        for (var i = 0; i < 4 && decoded.Contains('%'); i++)
        {
            var next = Uri.UnescapeDataString(decoded);
            if (next == decoded)
            {
                break;
            }

            decoded = next;
            forms.Add(decoded);
        }

        foreach (var form in forms.ToArray())
        {
            forms.Add(Fold(form));
            forms.Add(Fold(TryNormalize(form)));
        }

        foreach (var form in forms)
        {
            if (form == segment)
            {
                continue;
            }

            if (form.Length == 0 || form.Trim('.', ' ').Length == 0 || form.Contains('/') || form.Contains('\\') ||
                form.Contains(':') || form.Contains('%') || form[0] == '~' || form[^1] is '.' or ' ' ||
                form.Any(char.IsControl) || form.Any(IsIgnorableCodePoint) || IsGitDirectorySegment(form))
            {
                throw new SecurityViolationException($"Path '{Printable(whole)}' refused: a name decodes to something else ('{Printable(form)}').");
            }
        }
    }

    private static string TryNormalize(string text)
    {
        // Under invariant globalization NFKC is a no-op; Fold covers the dangerous characters either way.
        try
        {
            return text.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return text;
        }
    }

    /// <summary>
    /// Maps characters that are compatibility forms or well-known look-alikes of the path's
    /// structural characters (. / \ : % ~) to those characters, so the checks see what a
    /// normalising layer would see. Other characters are kept.
    /// </summary>
    internal static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\u2024' or '\uFE52' or '\uFF0E' or '\u0701' or '\u0702' or '\uA4F8' or '\u2E31':
                    builder.Append('.');
                    break;
                case '\u2025' or '\uFE30':
                    builder.Append("..");
                    break;
                case '\u2026' or '\uFE19':
                    builder.Append("...");
                    break;
                case >= '\u2488' and <= '\u249B':
                    builder.Append((char)('1' + (c - '\u2488') % 10)).Append('.');
                    break;
                case '\uFF0F' or '\u2215' or '\u2044' or '\u29F8' or '\u2571' or '\u1735' or '\u2CC6' or '\u3033' or '\u2100' or '\u2101' or '\u2105' or '\u2106':
                    builder.Append('/');
                    break;
                case '\uFF3C' or '\uFE68' or '\u2216' or '\u29F5' or '\u29F9' or '\u2572' or '\u29F6':
                    builder.Append('\\');
                    break;
                case '\uFF1A' or '\uFE13' or '\uFE55' or '\uA789' or '\u2236' or '\u0589' or '\u05C3' or '\u2A74':
                    builder.Append(':');
                    break;
                case '\uFF05' or '\uFE6A' or '\u066A':
                    builder.Append('%');
                    break;
                case '\uFF5E' or '\u02DC' or '\u223C' or '\u2053':
                    builder.Append('~');
                    break;
                case '\u3000' or '\u00A0' or (>= '\u2000' and <= '\u200A') or '\u202F' or '\u205F':
                    builder.Append(' ');
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Code points HFS+ ignores when comparing names (git's is_hfs_dotgit list) plus the BOM.</summary>
    private static bool IsIgnorableCodePoint(char c) =>
        c is (>= '\u200B' and <= '\u200F') or (>= '\u202A' and <= '\u202E') or (>= '\u2060' and <= '\u206F') or '\uFEFF' or '\u00AD';

    private static bool HasDrivePrefix(string path) =>
        path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0]);
}
