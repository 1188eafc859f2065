using System.Globalization;
using Grove.Core.Changes;

namespace Grove.Git.Changes;

/// <summary>
/// Parses the combined output of <c>git diff --raw --numstat -z</c>: raw records
/// (<c>:mode mode sha sha X\0path\0</c>, renames/copies with two paths) give the kind of each
/// change, numstat records (<c>added\tdeleted\tpath\0</c>, or <c>added\tdeleted\t\0old\0new\0</c>)
/// give the line counts; '-' counts mean binary.
/// </summary>
internal static class DiffStatParser
{
    public static List<FileDiffStat> Parse(string output)
    {
        var kinds = new Dictionary<string, FileChangeKind>(StringComparer.Ordinal);
        var stats = new List<FileDiffStat>();
        var fields = output.Split('\0');
        for (var i = 0; i < fields.Length; i++)
        {
            var field = fields[i];
            if (field.Length == 0)
            {
                continue;
            }

            if (field[0] == ':')
            {
                var letter = field[(field.LastIndexOf(' ') + 1)..];
                var kind = ChangeLetters.KindOf(letter.Length > 0 ? letter[0] : 'M');
                if (kind is FileChangeKind.Renamed or FileChangeKind.Copied)
                {
                    i++;
                }

                if (i + 1 < fields.Length)
                {
                    kinds[fields[++i]] = kind;
                }

                continue;
            }

            var parts = field.Split('\t', 3);
            if (parts.Length < 3)
            {
                continue;
            }

            var path = parts[2];
            if (path.Length == 0 && i + 2 < fields.Length)
            {
                i++;
                path = fields[++i];
            }

            var binary = parts[0] == "-" || parts[1] == "-";
            var added = binary ? 0 : int.Parse(parts[0], CultureInfo.InvariantCulture);
            var deleted = binary ? 0 : int.Parse(parts[1], CultureInfo.InvariantCulture);
            stats.Add(new FileDiffStat(path, added, deleted, binary, FileChangeKind.Modified));
        }

        for (var i = 0; i < stats.Count; i++)
        {
            if (kinds.TryGetValue(stats[i].Path, out var kind))
            {
                stats[i] = stats[i] with { Kind = kind };
            }
        }

        return stats;
    }
}
