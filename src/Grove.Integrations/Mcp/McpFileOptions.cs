namespace Grove.Integrations.Mcp;

/// <summary>
/// Where Claude Code's files are and which variables <c>.mcp.json</c> expands. Tests set a temp
/// home so the real <c>~/.claude.json</c> is never touched.
/// </summary>
public sealed class McpFileOptions
{
    /// <summary>The folder holding <c>.claude.json</c>: <c>$CLAUDE_CONFIG_DIR</c> when set, else the user's home.</summary>
    public string ConfigDirectory { get; set; } =
        System.Environment.GetEnvironmentVariable("CLAUDE_CONFIG_DIR") is { Length: > 0 } dir ? dir : System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);

    /// <summary>The variables <c>${VAR}</c> reads; null = this process's environment.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; set; }

    public string ClaudeJsonPath => Path.Combine(ConfigDirectory, ".claude.json");

    public static string ProjectFile(string projectPath) => Path.Combine(projectPath, ".mcp.json");
}
