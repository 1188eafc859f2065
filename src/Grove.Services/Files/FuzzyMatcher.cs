namespace Grove.Services.Files;

/// <summary>
/// Scores how well a typed query matches a path: every query character must appear in order
/// (case-insensitive). Matches at the start of a segment or a camelCase hump, runs of consecutive
/// characters, and matches inside the file name count most; gaps and long paths cost a little.
/// </summary>
internal static class FuzzyMatcher
{
    private const int MatchScore = 16;
    private const int ConsecutiveBonus = 24;
    private const int BoundaryBonus = 30;
    private const int CamelBonus = 20;
    private const int FileNameBonus = 40;
    private const int GapPenalty = 2;

    /// <summary>The best score and the matched positions, or null when the query does not match.</summary>
    public static (int Score, int[] Positions)? Match(string query, string path)
    {
        if (query.Length == 0)
        {
            return (0, []);
        }

        if (query.Length > path.Length || !IsSubsequence(query, path))
        {
            return null;
        }

        var nameStart = path.TrimEnd('/').LastIndexOf('/') + 1;
        (int Score, int[] Positions)? best = null;

        // Try every place the first query character occurs; match greedily from there.
        for (var start = 0; start < path.Length; start++)
        {
            if (!SameChar(path[start], query[0]))
            {
                continue;
            }

            var positions = new int[query.Length];
            positions[0] = start;
            var p = start + 1;
            var ok = true;
            for (var q = 1; q < query.Length; q++)
            {
                while (p < path.Length && !SameChar(path[p], query[q]))
                {
                    p++;
                }

                if (p == path.Length)
                {
                    ok = false;
                    break;
                }

                positions[q] = p++;
            }

            if (!ok)
            {
                break; // a later start cannot match either
            }

            var score = Score(path, positions, nameStart);
            if (best is null || score > best.Value.Score)
            {
                best = (score, positions);
            }
        }

        if (best is not { } found)
        {
            return null;
        }

        // Whole-name matches win outright: "app" finds app.cs before src/apple/pie.cs.
        var name = path[nameStart..].TrimEnd('/');
        var stem = name.Contains('.', StringComparison.Ordinal) && name.LastIndexOf('.') > 0 ? name[..name.LastIndexOf('.')] : name;
        var bonus = 0;
        if (string.Equals(stem, query, StringComparison.OrdinalIgnoreCase) || string.Equals(name, query, StringComparison.OrdinalIgnoreCase))
        {
            bonus = 200;
        }
        else if (name.StartsWith(query, StringComparison.OrdinalIgnoreCase))
        {
            bonus = 100;
        }
        else if (path.StartsWith(query, StringComparison.OrdinalIgnoreCase))
        {
            bonus = 60;
        }

        return (found.Score + bonus, found.Positions);
    }

    private static int Score(string path, int[] positions, int nameStart)
    {
        var score = 0;
        for (var i = 0; i < positions.Length; i++)
        {
            var at = positions[i];
            score += MatchScore;
            if (i > 0 && positions[i - 1] == at - 1)
            {
                score += ConsecutiveBonus;
            }
            else if (i > 0)
            {
                score -= Math.Min(GapPenalty * (at - positions[i - 1] - 1), 20);
            }

            if (at == 0 || path[at - 1] is '/' or '_' or '-' or '.' or ' ')
            {
                score += BoundaryBonus;
            }
            else if (char.IsUpper(path[at]) && char.IsLower(path[at - 1]))
            {
                score += CamelBonus;
            }

            if (at >= nameStart)
            {
                score += FileNameBonus;
            }
        }

        return score - (path.Length / 8);
    }

    private static bool IsSubsequence(string query, string path)
    {
        var q = 0;
        for (var p = 0; p < path.Length && q < query.Length; p++)
        {
            if (SameChar(path[p], query[q]))
            {
                q++;
            }
        }

        return q == query.Length;
    }

    private static bool SameChar(char a, char b) => a == b || char.ToLowerInvariant(a) == char.ToLowerInvariant(b);
}
