namespace Grove.Testing.Mcp;

/// <summary>
/// The pinned reference MCP server (<c>@modelcontextprotocol/server-everything</c>) that
/// <c>.ci/install-mcp-everything.sh</c> installs: run as <c>node &lt;EntryPath&gt; stdio</c>.
/// Tools used by the tests: <c>echo</c> (returns "Echo: &lt;message&gt;") and <c>get-env</c> (its environment as JSON).
/// </summary>
public static class McpEverything
{
    public const string PathVariable = "GROVE_MCP_EVERYTHING_PATH";

    public const string Version = "2026.8.31";

    /// <summary><c>$GROVE_MCP_EVERYTHING_PATH</c>, else the script's default install folder; throws when absent.</summary>
    public static string EntryPath
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(PathVariable);
            var path = !string.IsNullOrEmpty(configured)
                ? configured
                : Path.Combine(
                    Environment.GetEnvironmentVariable("HOME") ?? "/root",
                    ".cache", "grove", $"mcp-everything-{Version}", "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException(
                    $"The MCP everything server is not at '{path}'. Run .ci/install-mcp-everything.sh (it prints the path on its last line) and set {PathVariable}.");
        }
    }

    /// <summary>node, as found on PATH.</summary>
    public static string Node =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "node"))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("node is not on PATH (the MCP tests need node >= 20).");
}
