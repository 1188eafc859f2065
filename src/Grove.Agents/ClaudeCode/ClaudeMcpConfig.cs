using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grove.Core.Mcp;
using Grove.Core.Security;

namespace Grove.Agents.ClaudeCode;

/// <summary>
/// Claude's rendering of a run's MCP servers: a <c>--mcp-config</c> JSON file written mode 0600 in the
/// run's private folder (headers and env values are secrets, so never on the command line). Claude
/// hands its own environment to the stdio servers it spawns, so each stdio command runs through
/// <c>env -u NAME … --</c> for every variable of Claude's that a tool server must not see.
/// </summary>
internal static class ClaudeMcpConfig
{
    public const string FileName = "claude-mcp.json";

    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the file into <paramref name="runFolder"/> and returns its path.</summary>
    public static string Write(string runFolder, IReadOnlyList<McpServerDefinition> servers, IEnumerable<string> agentVariables)
    {
        var path = Path.Combine(runFolder, FileName);
        var json = Render(servers, agentVariables);
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllText(path, json);
            return path;
        }

        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        stream.Write(Encoding.UTF8.GetBytes(json));
        return path;
    }

    /// <summary>The file's text: <c>{ "mcpServers": { name: entry, … } }</c>.</summary>
    public static string Render(IReadOnlyList<McpServerDefinition> servers, IEnumerable<string> agentVariables)
    {
        var variables = agentVariables.ToList();
        var config = new JsonObject();
        foreach (var server in servers)
        {
            config[server.Name] = server.Transport == McpTransport.Stdio ? StdioEntry(server, variables) : RemoteEntry(server);
        }

        return new JsonObject { ["mcpServers"] = config }.ToJsonString(WriteOptions);
    }

    /// <summary>
    /// A stdio entry whose <c>env</c> holds only what the definition sets; its command runs through
    /// <c>env -u NAME … --</c> for every variable the agent has that a tool server must not (unless the definition sets it).
    /// </summary>
    internal static JsonObject StdioEntry(McpServerDefinition definition, IEnumerable<string> agentVariables)
    {
        var unset = ChildEnvironment.AnthropicNames.Concat(agentVariables)
            .Where(name => ChildEnvironment.IsRemoved(name, ChildKind.ToolServer) && !definition.Env.ContainsKey(name))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var args = new JsonArray();
        foreach (var name in unset)
        {
            args.Add("-u");
            args.Add(name);
        }

        args.Add("--");
        args.Add(definition.Command);
        foreach (var arg in definition.Args)
        {
            args.Add(arg);
        }

        return new JsonObject
        {
            ["type"] = "stdio",
            ["command"] = "env",
            ["args"] = args,
            ["env"] = Map(definition.Env),
        };
    }

    private static JsonObject RemoteEntry(McpServerDefinition definition)
    {
        var entry = new JsonObject { ["type"] = definition.TypeName, ["url"] = definition.Url };
        if (definition.Headers.Count > 0)
        {
            entry["headers"] = Map(definition.Headers);
        }

        return entry;
    }

    private static JsonObject Map(IReadOnlyDictionary<string, string> map)
    {
        var json = new JsonObject();
        foreach (var (key, value) in map)
        {
            json[key] = value;
        }

        return json;
    }
}
