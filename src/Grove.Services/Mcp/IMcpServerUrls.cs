namespace Grove.Services.Mcp;

/// <summary>
/// Finds an HTTP MCP server's URL from what the user typed: a URL as is, or a server name from the
/// configuration Claude Code reads. (The MCP catalog replaces the default with its own lookup.)
/// </summary>
public interface IMcpServerUrls
{
    /// <summary>
    /// The normalized URL for <paramref name="nameOrUrl"/>. <paramref name="projectFolder"/> adds that
    /// project's servers (its <c>.mcp.json</c> and its entry in <c>~/.claude.json</c>). Throws
    /// <c>NotFound</c> for an unknown name and <c>InvalidInput</c> for a server without a URL (stdio).
    /// </summary>
    Task<Uri> ResolveAsync(string nameOrUrl, string? projectFolder, CancellationToken cancellationToken = default);
}
