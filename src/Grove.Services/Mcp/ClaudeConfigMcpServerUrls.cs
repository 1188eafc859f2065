using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grove.Agents;
using Grove.Core.Errors;
using Grove.Core.Mcp;

namespace Grove.Services.Mcp;

/// <summary>
/// The default <see cref="IMcpServerUrls"/>: a name is looked up in the servers Claude Code reads, in
/// its precedence (the project's entry in <c>~/.claude.json</c>, then the project's <c>.mcp.json</c>,
/// then the global <c>mcpServers</c>), with <c>${VAR}</c> and <c>${VAR:-default}</c> expanded in the URL.
/// </summary>
internal sealed partial class ClaudeConfigMcpServerUrls(AgentHostEnvironment host) : IMcpServerUrls
{
    public async Task<Uri> ResolveAsync(string nameOrUrl, string? projectFolder, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrUrl);
        if (McpServerUrl.IsUrl(nameOrUrl))
        {
            return McpServerUrl.Normalize(nameOrUrl);
        }

        var claudeJsonPath = Path.Combine(host.Get("CLAUDE_CONFIG_DIR") ?? host.HomeDirectory, ".claude.json");
        var claudeJson = await ReadAsync(claudeJsonPath, cancellationToken);
        var sources = new List<(string Origin, JsonNode? Servers)>();
        if (projectFolder is not null)
        {
            var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(projectFolder));
            sources.Add(("~/.claude.json (project)", claudeJson?["projects"]?[folder]?["mcpServers"]));
            sources.Add((".mcp.json", (await ReadAsync(Path.Combine(folder, ".mcp.json"), cancellationToken))?["mcpServers"]));
        }

        sources.Add(("~/.claude.json", claudeJson?["mcpServers"]));
        foreach (var (origin, servers) in sources)
        {
            if (servers is not JsonObject map || map[nameOrUrl] is not JsonObject server)
            {
                continue;
            }

            if (server["url"] is not JsonValue url || !url.TryGetValue(out string? text) || string.IsNullOrWhiteSpace(text))
            {
                throw new GroveException(ErrorKind.InvalidInput, $"MCP server '{nameOrUrl}' ({origin}) has no url; only HTTP servers sign in.");
            }

            return McpServerUrl.Normalize(Expand(text));
        }

        throw new GroveException(ErrorKind.NotFound, $"No MCP server named '{nameOrUrl}' in ~/.claude.json{(projectFolder is null ? string.Empty : " or the project's .mcp.json")}; give its URL instead.");
    }

    private string Expand(string text) =>
        Variable().Replace(text, m => host.Get(m.Groups["name"].Value) ?? (m.Groups["default"].Success ? m.Groups["default"].Value : string.Empty));

    private static async Task<JsonNode?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonNode.ParseAsync(stream, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            throw new GroveException(ErrorKind.InvalidInput, $"{path} is not valid JSON (line {e.LineNumber + 1}): {e.Message}");
        }
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?<default>[^}]*))?\}")]
    private static partial Regex Variable();
}
