namespace Grove.Web.Transcript.Rendering;

public enum DiffOp
{
    Same,
    Removed,
    Added,
}

public readonly record struct DiffLine(DiffOp Op, string Text);

/// <summary>A line diff of two texts (an Edit's old and new strings): common ends kept, the middle by longest common subsequence.</summary>
public static class LineDiff
{
    /// <summary>Above this many cells the middle is shown as all removed, then all added.</summary>
    private const long MaxCells = 400_000;

    public static IReadOnlyList<DiffLine> Compute(string oldText, string newText)
    {
        var a = Lines(oldText);
        var b = Lines(newText);
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[a.Length - 1 - suffix] == b[b.Length - 1 - suffix])
        {
            suffix++;
        }

        var result = new List<DiffLine>(a.Length + b.Length);
        result.AddRange(a.Take(prefix).Select(l => new DiffLine(DiffOp.Same, l)));
        var oldMiddle = a[prefix..(a.Length - suffix)];
        var newMiddle = b[prefix..(b.Length - suffix)];
        if ((long)oldMiddle.Length * newMiddle.Length > MaxCells)
        {
            result.AddRange(oldMiddle.Select(l => new DiffLine(DiffOp.Removed, l)));
            result.AddRange(newMiddle.Select(l => new DiffLine(DiffOp.Added, l)));
        }
        else
        {
            Middle(oldMiddle, newMiddle, result);
        }

        result.AddRange(a.Skip(a.Length - suffix).Select(l => new DiffLine(DiffOp.Same, l)));
        return result;
    }

    /// <summary>Every line of a new file, as added lines.</summary>
    public static IReadOnlyList<DiffLine> Added(string text) => Lines(text).Select(l => new DiffLine(DiffOp.Added, l)).ToList();

    private static string[] Lines(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        return lines.Length > 1 && lines[^1].Length == 0 ? lines[..^1] : lines;
    }

    private static void Middle(string[] a, string[] b, List<DiffLine> result)
    {
        // lcs[i, j] = length of the LCS of a[i..] and b[j..].
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (a[x] == b[y])
            {
                result.Add(new DiffLine(DiffOp.Same, a[x]));
                x++;
                y++;
            }
            else if (lcs[x + 1, y] >= lcs[x, y + 1])
            {
                result.Add(new DiffLine(DiffOp.Removed, a[x++]));
            }
            else
            {
                result.Add(new DiffLine(DiffOp.Added, b[y++]));
            }
        }

        while (x < a.Length)
        {
            result.Add(new DiffLine(DiffOp.Removed, a[x++]));
        }

        while (y < b.Length)
        {
            result.Add(new DiffLine(DiffOp.Added, b[y++]));
        }
    }
}
