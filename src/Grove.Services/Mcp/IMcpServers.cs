using Grove.Core.Mcp;

namespace Grove.Services.Mcp;

/// <summary>
/// The MCP servers Claude Code would use, as every front end shows and changes them: read from
/// Claude's files (user, project, local scope, with precedence and origin), enabled per project or
/// workspace, trusted per project (<c>.mcp.json</c>), probed (cached, in parallel), and written back
/// to Claude's files. <paramref name="project"/> arguments take a project name, id or path, or a
/// workspace's worktree path (which maps to its project and workspace).
/// </summary>
public interface IMcpServers
{
    /// <summary>The servers of a place; with <paramref name="probe"/>, servers not probed since their definition changed are probed first.</summary>
    Task<McpServerList> ListAsync(string? project, string? workspace, bool probe, CancellationToken cancellationToken = default);

    /// <summary>Probes one server now (ignoring the cache) and returns it. NotFound when no such server.</summary>
    Task<McpServerView> TestAsync(string name, string? project, string? workspace, CancellationToken cancellationToken = default);

    /// <summary>Validates and writes a server to the file of its scope (replacing one of the same name there).</summary>
    Task<McpServerView> SaveAsync(McpAddRequest request, CancellationToken cancellationToken = default);

    /// <summary>Removes a server from <paramref name="scope"/>'s file, or from the file it is shown from. NotFound when absent.</summary>
    Task<McpServerOrigin> RemoveAsync(string name, McpScope? scope, string? project, CancellationToken cancellationToken = default);

    /// <summary>Turns a server on or off for a project, or for one workspace (null = back to the default).</summary>
    Task SetEnabledAsync(string name, bool? enabled, string? project, string? workspace, CancellationToken cancellationToken = default);

    /// <summary>The project's <c>.mcp.json</c> servers and whether their current definitions are approved; null when it has none.</summary>
    Task<McpTrustState?> GetTrustAsync(string project, CancellationToken cancellationToken = default);

    /// <summary>Approves the project's current <c>.mcp.json</c> definitions and returns what was approved. NotFound when it has none.</summary>
    Task<McpTrustState> TrustAsync(string project, CancellationToken cancellationToken = default);
}
