using System.Globalization;
using System.Text.RegularExpressions;

namespace Grove.Web.Changes;

/// <summary>
/// Parses the unified diff git prints (<c>diff --git</c> blocks with extended headers: new/deleted
/// file, modes, renames, copies, binary) and plain <c>---</c>/<c>+++</c> diffs into files, hunks and
/// numbered lines. Hunk line counts decide where a hunk ends, so a deleted line that reads
/// <c>-- x</c> is never taken for a header. Never throws on malformed input: what it cannot read is skipped.
/// </summary>
public static partial class UnifiedDiffParser
{
    private const string GitHeader = "diff --git ";

    public static IReadOnlyList<FileDiff> Parse(string? text)
    {
        var files = new List<FileDiff>();
        if (string.IsNullOrEmpty(text))
        {
            return files;
        }

        var lines = text.Split('\n');
        var count = text.EndsWith('\n') ? lines.Length - 1 : lines.Length;
        FileBuilder? file = null;
        HunkBuilder? hunk = null;
        for (var i = 0; i < count; i++)
        {
            var line = lines[i];
            if (hunk is not null && hunk.TryAdd(line))
            {
                continue;
            }

            hunk = null;
            if (line.StartsWith(GitHeader, StringComparison.Ordinal))
            {
                Finish(file, files);
                file = FileBuilder.FromGitHeader(line[GitHeader.Length..]);
                continue;
            }

            if (file is { SkippingBinaryPatch: true })
            {
                continue;
            }

            if (line.StartsWith("@@ ", StringComparison.Ordinal) && HunkHeader().Match(line) is { Success: true } match)
            {
                file ??= new FileBuilder(fromGit: false);
                hunk = new HunkBuilder(Number(match.Groups[1]), Count(match.Groups[2]), Number(match.Groups[3]), Count(match.Groups[4]), match.Groups[5].Value.Trim());
                file.Hunks.Add(hunk);
                continue;
            }

            if (line.StartsWith("--- ", StringComparison.Ordinal) && (file is null || file.Hunks.Count > 0 || (!file.FromGit && file.SawOldPathLine)))
            {
                // A plain diff (no "diff --git" line): each "---" after a hunk starts the next file.
                Finish(file, files);
                file = new FileBuilder(fromGit: false);
            }

            file?.ReadHeader(line);
        }

        Finish(file, files);
        return files;
    }

    private static void Finish(FileBuilder? file, List<FileDiff> files)
    {
        if (file?.Build() is { } built)
        {
            files.Add(built);
        }
    }

    private static int Number(Group group) =>
        int.TryParse(group.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;

    /// <summary>A range without a count (<c>-3</c>) means one line.</summary>
    private static int Count(Group group) => group.Success ? Number(group) : 1;

    [GeneratedRegex(@"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex HunkHeader();

    private sealed class HunkBuilder
    {
        private readonly List<DiffLine> _lines = [];
        private readonly int _oldStart;
        private readonly int _oldCount;
        private readonly int _newStart;
        private readonly int _newCount;
        private readonly string _section;
        private int _oldLeft;
        private int _newLeft;
        private int _oldNumber;
        private int _newNumber;

        public HunkBuilder(int oldStart, int oldCount, int newStart, int newCount, string section)
        {
            _oldStart = _oldNumber = oldStart;
            _oldCount = _oldLeft = oldCount;
            _newStart = _newNumber = newStart;
            _newCount = _newLeft = newCount;
            _section = section;
        }

        /// <summary>Takes the line if it belongs to this hunk: while its counts last, plus a trailing no-newline marker.</summary>
        public bool TryAdd(string raw)
        {
            if (raw.StartsWith('\\'))
            {
                if (_lines.Count == 0)
                {
                    return false;
                }

                _lines.Add(new DiffLine(DiffLineKind.NoNewline, null, null, raw.TrimStart('\\').Trim()));
                return true;
            }

            if (_oldLeft <= 0 && _newLeft <= 0)
            {
                return false;
            }

            var text = raw.Length > 1 ? raw[1..].TrimEnd('\r') : "";
            switch (raw.Length == 0 ? ' ' : raw[0])
            {
                case ' ':
                    // An empty line is a context line whose leading space was stripped (editors, mail).
                    _lines.Add(new DiffLine(DiffLineKind.Context, _oldNumber++, _newNumber++, text));
                    _oldLeft--;
                    _newLeft--;
                    return true;
                case '+' when _newLeft > 0:
                    _lines.Add(new DiffLine(DiffLineKind.Added, null, _newNumber++, text));
                    _newLeft--;
                    return true;
                case '-' when _oldLeft > 0:
                    _lines.Add(new DiffLine(DiffLineKind.Deleted, _oldNumber++, null, text));
                    _oldLeft--;
                    return true;
                default:
                    return false;
            }
        }

        public DiffHunk Build() => new(_oldStart, _oldCount, _newStart, _newCount, _section, _lines);
    }

    private sealed class FileBuilder(bool fromGit)
    {
        private string? _oldPath;
        private string? _newPath;
        private DiffFileKind? _kind;
        private bool _binary;
        private int? _similarity;
        private string? _oldMode;
        private string? _newMode;

        public List<HunkBuilder> Hunks { get; } = [];

        public bool FromGit => fromGit;

        public bool SawOldPathLine { get; private set; }

        public bool SkippingBinaryPatch { get; private set; }

        public static FileBuilder FromGitHeader(string rest)
        {
            var file = new FileBuilder(fromGit: true);
            if (GitPaths.SplitHeader(rest) is var (oldPath, newPath))
            {
                file._oldPath = file.StripPrefix(oldPath, "a/");
                file._newPath = file.StripPrefix(newPath, "b/");
            }

            return file;
        }

        public void ReadHeader(string line)
        {
            if (line.StartsWith("--- ", StringComparison.Ordinal))
            {
                SawOldPathLine = true;
                var path = PathOf(line[4..]);
                _oldPath = path == "/dev/null" ? null : StripPrefix(path, "a/");
                _kind ??= path == "/dev/null" ? DiffFileKind.Added : null;
            }
            else if (line.StartsWith("+++ ", StringComparison.Ordinal))
            {
                var path = PathOf(line[4..]);
                _newPath = path == "/dev/null" ? null : StripPrefix(path, "b/");
                _kind ??= path == "/dev/null" ? DiffFileKind.Deleted : null;
            }
            else if (Value(line, "new file mode ") is { } newFileMode)
            {
                _kind = DiffFileKind.Added;
                _newMode = newFileMode;
            }
            else if (Value(line, "deleted file mode ") is { } deletedMode)
            {
                _kind = DiffFileKind.Deleted;
                _oldMode = deletedMode;
            }
            else if (Value(line, "old mode ") is { } oldMode)
            {
                _oldMode = oldMode;
            }
            else if (Value(line, "new mode ") is { } newMode)
            {
                _newMode = newMode;
            }
            else if (Value(line, "similarity index ") is { } similarity)
            {
                _similarity = int.TryParse(similarity.TrimEnd('%'), NumberStyles.None, CultureInfo.InvariantCulture, out var percent) ? percent : null;
            }
            else if (Value(line, "rename from ") is { } renameFrom)
            {
                _kind = DiffFileKind.Renamed;
                _oldPath = GitPaths.Unquote(renameFrom);
            }
            else if (Value(line, "rename to ") is { } renameTo)
            {
                _kind = DiffFileKind.Renamed;
                _newPath = GitPaths.Unquote(renameTo);
            }
            else if (Value(line, "copy from ") is { } copyFrom)
            {
                _kind = DiffFileKind.Copied;
                _oldPath = GitPaths.Unquote(copyFrom);
            }
            else if (Value(line, "copy to ") is { } copyTo)
            {
                _kind = DiffFileKind.Copied;
                _newPath = GitPaths.Unquote(copyTo);
            }
            else if (line.StartsWith("Binary files ", StringComparison.Ordinal) && line.EndsWith(" differ", StringComparison.Ordinal))
            {
                _binary = true;
                if (line.StartsWith("Binary files /dev/null and ", StringComparison.Ordinal))
                {
                    _kind ??= DiffFileKind.Added;
                }
                else if (line.EndsWith(" and /dev/null differ", StringComparison.Ordinal))
                {
                    _kind ??= DiffFileKind.Deleted;
                }
            }
            else if (line == "GIT binary patch")
            {
                _binary = true;
                SkippingBinaryPatch = true;
            }
        }

        public FileDiff? Build()
        {
            if (_oldPath is null && _newPath is null)
            {
                return null;
            }

            var kind = _kind ?? (_oldPath is null ? DiffFileKind.Added
                : _newPath is null ? DiffFileKind.Deleted
                : _oldPath != _newPath ? DiffFileKind.Renamed
                : DiffFileKind.Modified);
            var oldPath = kind == DiffFileKind.Added ? null : _oldPath ?? _newPath;
            var newPath = kind == DiffFileKind.Deleted ? null : _newPath ?? _oldPath;
            return new FileDiff(oldPath, newPath, kind, _binary, _similarity, _oldMode, _newMode, Hunks.Select(h => h.Build()).ToList());
        }

        /// <summary>
        /// The path of a ---/+++ line: C-quoted when it has special characters; git adds a tab after
        /// a name with a space, other tools a tab and a timestamp.
        /// </summary>
        private string PathOf(string value)
        {
            if (value.StartsWith('"'))
            {
                return GitPaths.Unquote(value.TrimEnd('\t'));
            }

            if (fromGit)
            {
                return value.EndsWith('\t') ? value[..^1] : value;
            }

            var tab = value.IndexOf('\t', StringComparison.Ordinal);
            return tab >= 0 ? value[..tab] : value;
        }

        private string StripPrefix(string path, string prefix) =>
            fromGit && path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : path;

        private static string? Value(string line, string prefix) =>
            line.StartsWith(prefix, StringComparison.Ordinal) ? line[prefix.Length..].TrimEnd('\r') : null;
    }
}
