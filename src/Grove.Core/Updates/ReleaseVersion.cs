using System.Globalization;

namespace Grove.Core.Updates;

/// <summary>Orders semantic versions (<c>1.2.3</c>, <c>1.2.3-alpha.0.5</c>) the SemVer 2 way; build metadata is ignored.</summary>
public static class ReleaseVersion
{
    /// <summary>True when <paramref name="version"/> is a valid semantic version.</summary>
    public static bool IsValid(string? version) => version is not null && TrySplit(version, out _, out _);

    /// <summary>Negative when <paramref name="left"/> is older, 0 when equal, positive when newer.</summary>
    public static int Compare(string left, string right)
    {
        if (!TrySplit(left, out var leftCore, out var leftPre) || !TrySplit(right, out var rightCore, out var rightPre))
        {
            return string.CompareOrdinal(left, right);
        }

        for (var i = 0; i < 3; i++)
        {
            var c = leftCore[i].CompareTo(rightCore[i]);
            if (c != 0)
            {
                return c;
            }
        }

        // A release is newer than any of its pre-releases.
        if (leftPre.Length == 0 || rightPre.Length == 0)
        {
            return (leftPre.Length == 0, rightPre.Length == 0) switch { (true, true) => 0, (true, false) => 1, _ => -1 };
        }

        for (var i = 0; i < Math.Min(leftPre.Length, rightPre.Length); i++)
        {
            var c = CompareIdentifier(leftPre[i], rightPre[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return leftPre.Length.CompareTo(rightPre.Length);
    }

    private static int CompareIdentifier(string left, string right)
    {
        var leftNumeric = long.TryParse(left, NumberStyles.None, CultureInfo.InvariantCulture, out var l);
        var rightNumeric = long.TryParse(right, NumberStyles.None, CultureInfo.InvariantCulture, out var r);
        return (leftNumeric, rightNumeric) switch
        {
            (true, true) => l.CompareTo(r),
            (true, false) => -1,
            (false, true) => 1,
            _ => string.CompareOrdinal(left, right),
        };
    }

    private static bool TrySplit(string version, out long[] core, out string[] preRelease)
    {
        core = [];
        preRelease = [];
        var text = version.Trim().TrimStart('v');
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            text = text[..plus];
        }

        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var corePart = dash >= 0 ? text[..dash] : text;
        var parts = corePart.Split('.');
        if (parts.Length != 3)
        {
            return false;
        }

        var numbers = new long[3];
        for (var i = 0; i < 3; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return false;
            }
        }

        if (dash >= 0)
        {
            preRelease = text[(dash + 1)..].Split('.');
            if (preRelease.Any(string.IsNullOrEmpty))
            {
                return false;
            }
        }

        core = numbers;
        return true;
    }
}
