using Grove.Agents.ClaudeCode;

namespace Grove.Agents.Codex;

/// <summary>Codex CLI versions Grove knows about, and parsing of <c>codex --version</c> (<c>codex-cli 0.171.0</c>).</summary>
public static class CodexVersion
{
    /// <summary>The version Grove installs and whose app-server protocol it was written against.</summary>
    public const string Pinned = "0.171.0";

    /// <summary>The oldest version Grove starts (the app-server v2 protocol it relies on).</summary>
    public const string MinimumSupported = "0.171.0";

    /// <summary>The npm package of the CLI.</summary>
    public const string PackageName = "@openai/codex";

    public static Version Minimum { get; } = Version.Parse(MinimumSupported);

    /// <summary>The fix shown when Codex is missing or too old.</summary>
    /// <remarks>Plain text (no markdown quotes): the views show it as it is.</remarks>
    public const string InstallHint = "run grove setup codex (or npm i -g " + PackageName + "@" + Pinned + ") to install it";

    /// <summary>The first <c>x.y.z</c> in the text; null when there is none.</summary>
    public static Version? Parse(string? output) => ClaudeVersion.Parse(output);
}
