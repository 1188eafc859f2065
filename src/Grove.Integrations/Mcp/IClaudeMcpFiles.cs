using Grove.Core.Mcp;

namespace Grove.Integrations.Mcp;

/// <summary>
/// Claude Code's MCP server files, read and written as Claude Code does: <c>~/.claude.json</c>
/// (<c>mcpServers</c> = user scope, <c>projects[path].mcpServers</c> = local scope) and the
/// project's <c>.mcp.json</c> (project scope, <c>${VAR}</c> / <c>${VAR:-default}</c> expanded).
/// A file that does not parse is refused with its name, line and position, and never written.
/// </summary>
public interface IClaudeMcpFiles
{
    /// <summary>Every definition visible in <paramref name="projectPath"/> (or only user scope when null).</summary>
    McpFileSnapshot Read(string? projectPath);

    /// <summary>Adds or replaces <paramref name="definition"/> in the file of <paramref name="scope"/>.</summary>
    void Save(McpScope scope, string? projectPath, McpServerDefinition definition);

    /// <summary>Removes the server from the file of <paramref name="scope"/>; false when it was not there.</summary>
    bool Remove(McpScope scope, string? projectPath, string name);

    /// <summary>The file that holds <paramref name="scope"/>'s servers.</summary>
    string FileOf(McpScope scope, string? projectPath);
}

/// <summary>One definition and where it was read; <paramref name="Written"/> is the same definition unexpanded, when the file expands <c>${VAR}</c>.</summary>
public sealed record McpDefinitionEntry(McpServerDefinition Definition, McpServerOrigin Origin, McpServerDefinition? Written = null);

/// <summary>
/// What the files hold for one project, every entry in precedence order (local, project, user);
/// <see cref="ProjectHash"/> identifies the <c>.mcp.json</c> definitions as written (null when none).
/// </summary>
public sealed record McpFileSnapshot(IReadOnlyList<McpDefinitionEntry> Entries, string? ProjectHash);
