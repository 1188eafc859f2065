using System.Text.RegularExpressions;

namespace Grove.Agents.ClaudeCode;

/// <summary>Claude Code versions Grove knows about, and parsing of <c>claude --version</c>.</summary>
public static partial class ClaudeVersion
{
    /// <summary>The version Grove installs and whose protocol it was written against (docs/claude-stream-json.md).</summary>
    public const string Pinned = "2.1.328";

    /// <summary>The oldest version Grove starts: the stdio permission prompt and stream-json control protocol it relies on.</summary>
    public const string MinimumSupported = "2.1.0";

    /// <summary>The npm package of the CLI.</summary>
    public const string PackageName = "@anthropic-ai/claude-code";

    public static Version Minimum { get; } = Version.Parse(MinimumSupported);

    /// <summary>The fix shown when Claude Code is missing or too old.</summary>
    /// <remarks>Plain text (no markdown quotes): the views show it as it is.</remarks>
    public const string InstallHint = "run grove setup claude (or npm i -g " + PackageName + "@" + Pinned + ") to install it";

    /// <summary>Reads <c>2.1.328 (Claude Code)</c>; null when the text holds no version.</summary>
    public static Version? Parse(string? output)
    {
        if (string.IsNullOrWhiteSpace(output))
        {
            return null;
        }

        var match = VersionPattern().Match(output);
        return match.Success ? Version.Parse(match.Value) : null;
    }

    [GeneratedRegex(@"(?<![0-9.])[0-9]+\.[0-9]+\.[0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}
