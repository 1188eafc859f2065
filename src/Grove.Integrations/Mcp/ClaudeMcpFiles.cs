using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grove.Core.Errors;
using Grove.Core.Mcp;
using Grove.Core.Security;

namespace Grove.Integrations.Mcp;

internal sealed class ClaudeMcpFiles(McpFileOptions options) : IClaudeMcpFiles
{
    private const string ServersKey = "mcpServers";

    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string FileOf(McpScope scope, string? projectPath) => scope switch
    {
        McpScope.Project => McpFileOptions.ProjectFile(RequireProject(projectPath)),
        _ => options.ClaudeJsonPath,
    };

    public McpFileSnapshot Read(string? projectPath)
    {
        var entries = new List<McpDefinitionEntry>();
        string? projectHash = null;
        var claudeJson = Load(options.ClaudeJsonPath);
        if (projectPath is not null)
        {
            if (claudeJson?["projects"]?[projectPath]?[ServersKey] is JsonObject local)
            {
                entries.AddRange(Definitions(local, new McpServerOrigin(McpScope.Local, options.ClaudeJsonPath), null));
            }

            var projectFile = McpFileOptions.ProjectFile(projectPath);
            if (Load(projectFile)?[ServersKey] is JsonObject shared)
            {
                projectHash = Hash(shared);
                var environment = options.Environment ?? ChildEnvironment.Current();
                entries.AddRange(Definitions(shared, new McpServerOrigin(McpScope.Project, projectFile), environment));
            }
        }

        if (claudeJson?[ServersKey] is JsonObject user)
        {
            entries.AddRange(Definitions(user, new McpServerOrigin(McpScope.User, options.ClaudeJsonPath), null));
        }

        return new McpFileSnapshot(entries, projectHash);
    }

    public void Save(McpScope scope, string? projectPath, McpServerDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Update(scope, projectPath, servers =>
        {
            servers[definition.Name] = ToJson(definition);
            return true;
        });
    }

    public bool Remove(McpScope scope, string? projectPath, string name) =>
        Update(scope, projectPath, servers => servers.Remove(name));

    private bool Update(McpScope scope, string? projectPath, Func<JsonObject, bool> change)
    {
        var file = FileOf(scope, projectPath);
        var root = Load(file) ?? new JsonObject();
        JsonObject holder = root;
        if (scope == McpScope.Local)
        {
            var projects = Child(root, "projects");
            holder = Child(projects, RequireProject(projectPath));
        }

        var servers = Child(holder, ServersKey);
        if (!change(servers))
        {
            return false;
        }

        Write(file, root.ToJsonString(WriteOptions));
        return true;
    }

    private static JsonObject Child(JsonObject parent, string key)
    {
        if (parent[key] is JsonObject existing)
        {
            return existing;
        }

        if (parent[key] is not null)
        {
            throw new GroveException(ErrorKind.InvalidInput, $"'{key}' is not a JSON object; Grove will not change it.");
        }

        var created = new JsonObject();
        parent[key] = created;
        return created;
    }

    /// <summary>Writes through a temp file in the same folder and a rename, keeping the file's mode; the first write backs the file up.</summary>
    private static void Write(string file, string json)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new GroveException(ErrorKind.Unsupported, "Writing Claude Code's MCP files is supported on Linux and macOS.");
        }

        WriteUnix(file, json);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void WriteUnix(string file, string json)
    {
        var folder = Path.GetDirectoryName(file)!;
        Directory.CreateDirectory(folder);
        UnixFileMode? mode = null;
        if (File.Exists(file))
        {
            mode = File.GetUnixFileMode(file);
            var backup = file + ".grove-backup";
            if (!File.Exists(backup))
            {
                File.Copy(file, backup);
                File.SetUnixFileMode(backup, mode.Value & (UnixFileMode.UserRead | UnixFileMode.UserWrite));
            }
        }

        var temp = Path.Combine(folder, $".{Path.GetFileName(file)}.grove-{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = mode ?? (UnixFileMode.UserRead | UnixFileMode.UserWrite),
            }))
            {
                stream.Write(Encoding.UTF8.GetBytes(json + "\n"));
                stream.Flush(flushToDisk: true);
            }

            if (mode is { } m)
            {
                File.SetUnixFileMode(temp, m);
            }

            File.Move(temp, file, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>The file's root object, or null when the file does not exist. A file that does not parse is refused.</summary>
    private static JsonObject? Load(string file)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(file);
        if (bytes.Length == 0 || bytes.All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
        {
            return null;
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            var position = (ex.BytePositionInLine ?? 0) + 1;
            throw new GroveException(ErrorKind.InvalidInput, $"{file} is not valid JSON (line {line}, position {position}); Grove left it unchanged.");
        }

        return node as JsonObject
            ?? throw new GroveException(ErrorKind.InvalidInput, $"{file} does not hold a JSON object (line 1, position 1); Grove left it unchanged.");
    }

    private static IEnumerable<McpDefinitionEntry> Definitions(JsonObject servers, McpServerOrigin origin, IReadOnlyDictionary<string, string>? expand)
    {
        foreach (var (name, node) in servers)
        {
            if (node is JsonObject server && FromJson(name, server, expand) is { } definition)
            {
                yield return new McpDefinitionEntry(definition, origin, expand is null ? null : FromJson(name, server, null));
            }
        }
    }

    internal static McpServerDefinition? FromJson(string name, JsonObject server, IReadOnlyDictionary<string, string>? expand)
    {
        string E(string value) => expand is null ? value : McpVariables.Expand(value, expand);
        string? Text(string key) => server[key] is JsonValue v && v.TryGetValue<string>(out var s) ? E(s) : null;
        Dictionary<string, string> Map(string key)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            if (server[key] is JsonObject map)
            {
                foreach (var (k, v) in map)
                {
                    if (v is JsonValue value && value.TryGetValue<string>(out var s))
                    {
                        result[k] = E(s);
                    }
                }
            }

            return result;
        }

        var url = Text("url");
        var transport = Text("type")?.ToLowerInvariant() switch
        {
            null => url is null ? McpTransport.Stdio : McpTransport.Http,
            "stdio" => McpTransport.Stdio,
            "http" or "streamable-http" or "streamablehttp" => McpTransport.Http,
            "sse" => McpTransport.Sse,
            _ => (McpTransport?)null,
        };
        if (transport is null)
        {
            return null;
        }

        return new McpServerDefinition
        {
            Name = name,
            Transport = transport.Value,
            Command = Text("command"),
            Args = server["args"] is JsonArray args
                ? args.OfType<JsonValue>().Select(a => a.TryGetValue<string>(out var s) ? E(s) : a.ToJsonString()).ToList()
                : [],
            Env = Map("env"),
            Url = url,
            Headers = Map("headers"),
        };
    }

    internal static JsonObject ToJson(McpServerDefinition definition)
    {
        var json = new JsonObject { ["type"] = definition.TypeName };
        if (definition.Transport == McpTransport.Stdio)
        {
            json["command"] = definition.Command;
            json["args"] = new JsonArray(definition.Args.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray());
            json["env"] = MapJson(definition.Env);
        }
        else
        {
            json["url"] = definition.Url;
            if (definition.Headers.Count > 0)
            {
                json["headers"] = MapJson(definition.Headers);
            }
        }

        return json;
    }

    private static JsonObject MapJson(IReadOnlyDictionary<string, string> map)
    {
        var json = new JsonObject();
        foreach (var (k, v) in map)
        {
            json[k] = v;
        }

        return json;
    }

    private static string Hash(JsonObject servers) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(servers.ToJsonString())));

    private static string RequireProject(string? projectPath) =>
        projectPath ?? throw new GroveException(ErrorKind.InvalidInput, "This scope needs a project (--project).");
}
