using System.Globalization;
using Grove.Core.Changes;

namespace Grove.Git.Changes;

/// <summary>
/// Parses <c>git status --porcelain=v2 -z --branch</c>: <c># branch.*</c> headers, ordinary
/// (<c>1</c>), renamed/copied (<c>2</c>, original path in the next NUL field), unmerged
/// (<c>u</c>), untracked (<c>?</c>) and ignored (<c>!</c>) entries.
/// </summary>
internal static class StatusParser
{
    public static WorkingTreeStatus Parse(string output)
    {
        string? head = null, oid = null, upstream = null;
        int ahead = 0, behind = 0;
        var files = new List<FileStatus>();
        var fields = output.Split('\0');
        for (var i = 0; i < fields.Length; i++)
        {
            var field = fields[i];
            if (field.Length < 2)
            {
                continue;
            }

            switch (field[0])
            {
                case '#':
                    ParseHeader(field, ref head, ref oid, ref upstream, ref ahead, ref behind);
                    break;
                case '1':
                    // 1 XY sub mH mI mW hH hI path
                    var ordinary = field.Split(' ', 9);
                    files.Add(Entry(ordinary[8], ordinary[1], null));
                    break;
                case '2':
                    // 2 XY sub mH mI mW hH hI Xscore path, then the original path as the next field
                    var renamed = field.Split(' ', 10);
                    var original = i + 1 < fields.Length ? fields[++i] : null;
                    files.Add(Entry(renamed[9], renamed[1], original));
                    break;
                case 'u':
                    // u XY sub m1 m2 m3 mW h1 h2 h3 path
                    var unmerged = field.Split(' ', 11);
                    files.Add(new FileStatus(unmerged[10], FileChangeKind.Conflicted, unmerged[1][0], unmerged[1][1], null));
                    break;
                case '?':
                    files.Add(new FileStatus(field[2..], FileChangeKind.Untracked, '?', '?', null));
                    break;
                case '!':
                    files.Add(new FileStatus(field[2..], FileChangeKind.Ignored, '!', '!', null));
                    break;
            }
        }

        return new WorkingTreeStatus(new BranchStatus(head, oid, upstream, ahead, behind), files);
    }

    private static FileStatus Entry(string path, string xy, string? originalPath)
    {
        var index = xy[0];
        var workTree = xy[1];
        return new FileStatus(path, KindOf(index, workTree), index, workTree, originalPath);
    }

    /// <summary>The most telling letter wins: the index change if any, else the work tree change.</summary>
    internal static FileChangeKind KindOf(char index, char workTree) => ChangeLetters.KindOf(index != '.' ? index : workTree);

    private static void ParseHeader(string field, ref string? head, ref string? oid, ref string? upstream, ref int ahead, ref int behind)
    {
        var parts = field.Split(' ');
        if (parts.Length < 3)
        {
            return;
        }

        switch (parts[1])
        {
            case "branch.oid":
                oid = parts[2] == "(initial)" ? null : parts[2];
                break;
            case "branch.head":
                head = parts[2] == "(detached)" ? null : parts[2];
                break;
            case "branch.upstream":
                upstream = parts[2];
                break;
            case "branch.ab" when parts.Length >= 4:
                ahead = int.Parse(parts[2].TrimStart('+'), CultureInfo.InvariantCulture);
                behind = int.Parse(parts[3].TrimStart('-'), CultureInfo.InvariantCulture);
                break;
        }
    }
}
