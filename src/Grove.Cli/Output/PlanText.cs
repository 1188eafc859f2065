using System.Text;
using System.Text.RegularExpressions;

namespace Grove.Cli;

/// <summary>
/// Markdown (an agent's plan) as plain terminal text: headings underlined, list items with a bullet,
/// code indented, emphasis and link markup taken away. Only what a terminal can show; no colours.
/// </summary>
internal static partial class PlanText
{
    public static IReadOnlyList<string> Render(string markdown)
    {
        var lines = new List<string>();
        var inCode = false;
        foreach (var raw in markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal) || line.TrimStart().StartsWith("~~~", StringComparison.Ordinal))
            {
                inCode = !inCode;
                continue;
            }

            if (inCode)
            {
                lines.Add("    " + line);
                continue;
            }

            if (Heading().Match(line) is { Success: true } heading)
            {
                var text = Inline(heading.Groups[2].Value.Trim().TrimEnd('#').TrimEnd());
                if (lines.Count > 0 && lines[^1].Length > 0)
                {
                    lines.Add(string.Empty);
                }

                lines.Add(text);
                lines.Add(new string(heading.Groups[1].Value.Length == 1 ? '═' : '─', Math.Max(3, text.Length)));
            }
            else if (Rule().IsMatch(line))
            {
                lines.Add(new string('─', 20));
            }
            else if (Quote().Match(line) is { Success: true } quote)
            {
                lines.Add($"  │ {Inline(quote.Groups[1].Value)}");
            }
            else if (Bullet().Match(line) is { Success: true } bullet)
            {
                lines.Add($"{bullet.Groups[1].Value}  • {Inline(bullet.Groups[2].Value)}");
            }
            else
            {
                lines.Add(Inline(line));
            }
        }

        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    /// <summary>Bold, italics, inline code and links without their markup; task boxes as [ ] / [x].</summary>
    private static string Inline(string text)
    {
        // Code spans are kept as they are (`__init__.py` stays whole); markup is taken away around them.
        var result = new StringBuilder();
        var at = 0;
        foreach (Match code in Code().Matches(text))
        {
            result.Append(Plain(text[at..code.Index])).Append(code.Groups[1].Value);
            at = code.Index + code.Length;
        }

        return result.Append(Plain(text[at..])).ToString();
    }

    private static string Plain(string text)
    {
        var result = Link().Replace(text, m => m.Groups[1].Value == m.Groups[2].Value ? m.Groups[1].Value : $"{m.Groups[1].Value} ({m.Groups[2].Value})");
        result = Strong().Replace(result, "$2");
        result = Emphasis().Replace(result, "$2");
        return new StringBuilder(result).Replace("\\*", "*").Replace("\\_", "_").Replace("\\#", "#").ToString();
    }

    [GeneratedRegex(@"^\s{0,3}(#{1,6})\s+(.*)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^(\s*)[-*+]\s+(.*)$")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"^\s*>\s?(.*)$")]
    private static partial Regex Quote();

    [GeneratedRegex(@"^\s*([-*_])(\s*\1){2,}\s*$")]
    private static partial Regex Rule();

    [GeneratedRegex(@"\[([^\]]+)\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"(\*\*|__)(.+?)\1")]
    private static partial Regex Strong();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex Code();

    [GeneratedRegex(@"(?<![\w*])(\*|_)(?!\s)(.+?)(?<!\s)\1(?![\w*])")]
    private static partial Regex Emphasis();
}
