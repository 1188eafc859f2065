using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grove.Agents;
using Grove.Core.Domain;
using Grove.Core.Mcp;
using Grove.Core.Paths;
using Grove.Core.Security;
using Grove.Integrations.Mcp;

namespace Grove.Services.Mcp;

/// <summary>
/// The <c>--mcp-config</c> file of one agent run: the enabled, trusted, working servers of its
/// workspace (bearer headers from <see cref="IMcpAccessTokens"/>), written mode 0600 under Grove's
/// data folder and deleted after the run; the servers left out come back with the reason, for a
/// notice in the tab. Stdio servers get only their own <c>env</c>, and are started through
/// <c>env -u …</c> so the Anthropic credentials of the agent (which spawns them) do not reach them.
/// </summary>
internal sealed class McpRunConfig(McpServers servers, IMcpAccessTokens tokens, GrovePaths paths, AgentHostEnvironment host)
{
    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Folder => Path.Combine(paths.DataRoot, "mcp-runs");

    public async Task<McpRunPlan> PrepareAsync(Workspace workspace, string tabId, IReadOnlyCollection<string> agentVariables, CancellationToken cancellationToken)
    {
        var list = await servers.ForRunAsync(workspace, cancellationToken);
        var config = new JsonObject();
        var included = new List<string>();
        var leftOut = new List<(string Name, string Reason)>();
        foreach (var server in list.Servers)
        {
            if (server.ExcludedBecause is { } reason)
            {
                if (server.Probe.Status != McpServerStatus.Disabled)
                {
                    leftOut.Add((server.Name, reason));
                }

                continue;
            }

            var definition = server.Definition;
            if (definition.Transport == McpTransport.Stdio)
            {
                config[definition.Name] = StdioEntry(definition, agentVariables.Concat(host.Variables.Keys));
            }
            else
            {
                var headers = await McpHeaders.ForAsync(definition, new Uri(definition.Url!), tokens, cancellationToken);
                if (headers is null)
                {
                    leftOut.Add((definition.Name, "needs sign-in"));
                    continue;
                }

                var entry = new JsonObject { ["type"] = definition.TypeName, ["url"] = definition.Url };
                if (headers.Count > 0)
                {
                    entry["headers"] = Map(headers);
                }

                config[definition.Name] = entry;
            }

            included.Add(definition.Name);
        }

        var path = Write(tabId, new JsonObject { ["mcpServers"] = config }.ToJsonString(WriteOptions));
        return new McpRunPlan(path, included, leftOut);
    }

    /// <summary>A config with no servers (with <c>--strict-mcp-config</c>: the agent starts none).</summary>
    public string WriteEmpty(string tabId) => Write(tabId, """{ "mcpServers": {} }""");

    /// <summary>Deletes a run's file (after the process ended); never throws.</summary>
    public static void Delete(string? path)
    {
        if (path is null)
        {
            return;
        }

        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
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

    private static JsonObject Map(IReadOnlyDictionary<string, string> map)
    {
        var json = new JsonObject();
        foreach (var (key, value) in map)
        {
            json[key] = value;
        }

        return json;
    }

    private string Write(string tabId, string json)
    {
        var path = Path.Combine(Folder, $"{tabId}-{Guid.NewGuid():N}.json");
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Folder);
            File.WriteAllText(path, json);
            return path;
        }

        Directory.CreateDirectory(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        stream.Write(Encoding.UTF8.GetBytes(json));
        return path;
    }
}

/// <summary>A run's config file, the servers in it, and those left out with the reason.</summary>
internal sealed record McpRunPlan(string ConfigPath, IReadOnlyList<string> Included, IReadOnlyList<(string Name, string Reason)> LeftOut);
