using Grove.Core.Mcp;

namespace Grove.Integrations.Mcp;

/// <summary>
/// Connects to one MCP server with the official client (stdio, Streamable HTTP, legacy SSE), lists
/// what it offers and disconnects. Never throws for a server problem: the result says
/// connected, failed (with the error in one line) or needs sign-in.
/// </summary>
public interface IMcpProber
{
    Task<McpProbeResult> ProbeAsync(McpServerDefinition definition, string? workingDirectory, TimeSpan timeout, CancellationToken cancellationToken);
}
