using System.Globalization;
using System.Text.RegularExpressions;

namespace Grove.Integrations.GitHub;

/// <summary>
/// The file line a review comment is on, from its <c>diff_hunk</c> (Octokit 14 has no <c>line</c>
/// field): GitHub's hunk ends at the commented line, so walk it from the <c>@@</c> header.
/// </summary>
internal static partial class DiffHunkLine
{
    public static int? LastLine(string? diffHunk)
    {
        if (string.IsNullOrEmpty(diffHunk))
        {
            return null;
        }

        var lines = diffHunk.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var header = Header().Match(lines[0]);
        if (!header.Success)
        {
            return null;
        }

        var oldLine = int.Parse(header.Groups["old"].Value, CultureInfo.InvariantCulture) - 1;
        var newLine = int.Parse(header.Groups["new"].Value, CultureInfo.InvariantCulture) - 1;
        var lastWasRemoval = false;
        foreach (var line in lines.Skip(1))
        {
            lastWasRemoval = line.StartsWith('-');
            if (lastWasRemoval)
            {
                oldLine++;
            }
            else if (line.StartsWith('+'))
            {
                newLine++;
            }
            else
            {
                oldLine++;
                newLine++;
            }
        }

        return lastWasRemoval ? oldLine : newLine;
    }

    [GeneratedRegex(@"^@@ -(?<old>\d+)(?:,\d+)? \+(?<new>\d+)(?:,\d+)? @@")]
    private static partial Regex Header();
}
