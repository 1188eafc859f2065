namespace Grove.Agents.Codex;

/// <summary>A ready <c>codex app-server</c> command line: program, argument list (no shell), folder and exact environment.</summary>
internal sealed record CodexCommand(string FileName, IReadOnlyList<string> Arguments, string WorkingDirectory, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>The run's MCP servers as Codex names them (<c>mcp_servers</c> keys).</summary>
    public IReadOnlyList<string> McpServers { get; init; } = [];

    /// <summary>MCP servers of the run that Codex cannot start (e.g. SSE), with the reason.</summary>
    public IReadOnlyList<(string Name, string Reason)> SkippedMcpServers { get; init; } = [];

    /// <summary>The command line for logs: arguments only, never environment values.</summary>
    public override string ToString() => $"{FileName} {string.Join(' ', Arguments)}";
}
