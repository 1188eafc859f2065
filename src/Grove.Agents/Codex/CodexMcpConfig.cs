using System.Globalization;
using System.Text;
using Grove.Core.Mcp;

namespace Grove.Agents.Codex;

/// <summary>
/// Codex's rendering of a run's MCP servers: one <c>-c mcp_servers={…}</c> override (it replaces
/// whatever <c>config.toml</c> lists, like Claude's <c>--strict-mcp-config</c>) that names only
/// non-secret things, while every value that may be secret reaches Codex through its environment:
/// a stdio server's <c>env</c> values under their own names (<c>env_vars</c> passes them through),
/// an HTTP server's bearer token in <c>GROVE_MCP_&lt;n&gt;_TOKEN</c> (<c>bearer_token_env_var</c>) and its
/// other headers in <c>GROVE_MCP_&lt;n&gt;_HEADER_&lt;m&gt;</c> (<c>env_http_headers</c>). Those names are
/// kept out of the shell commands Codex runs (<c>shell_environment_policy.exclude</c>). Codex starts
/// stdio servers with only a few basic variables of its own (PATH, HOME, …) plus these.
/// </summary>
internal static class CodexMcpConfig
{
    /// <summary>How long a server may take to start (Codex's default is 10 s; Claude allows 30 s).</summary>
    public const int StartupTimeoutSeconds = 30;

    /// <summary>How long the first turn waits for the servers to start (<see cref="StartupTimeoutSeconds"/>).</summary>
    public static TimeSpan StartupTimeout { get; } = TimeSpan.FromSeconds(StartupTimeoutSeconds);

    /// <summary>
    /// The arguments for <paramref name="servers"/>, adding their secret values to
    /// <paramref name="environment"/> (Codex's own); servers Codex cannot run come back in <c>Skipped</c> with the reason.
    /// </summary>
    public static CodexMcpRendering Render(IReadOnlyList<McpServerDefinition> servers, IDictionary<string, string> environment)
    {
        var entries = new List<string>();
        var skipped = new List<(string Name, string Reason)>();
        var added = new List<string>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var names = new List<string>();
        var index = 0;
        foreach (var server in servers)
        {
            index++;
            var key = UniqueKey(server.Name, keys);
            string? reason = null;
            var entry = server.Transport switch
            {
                McpTransport.Stdio => StdioEntry(server, environment, added, out reason),
                McpTransport.Http => HttpEntry(server, index, environment, added),
                _ => null,
            };
            if (entry is null)
            {
                skipped.Add((server.Name, reason ?? "Codex supports stdio and streamable HTTP servers only, not SSE"));
                keys.Remove(key);
                continue;
            }

            entries.Add($"{key}={entry}");
            names.Add(key);
        }

        var arguments = new List<string> { "-c", $"mcp_servers={{{string.Join(',', entries)}}}" };
        if (added.Count > 0)
        {
            arguments.AddRange(["-c", $"shell_environment_policy.exclude={Array(added)}"]);
        }

        return new CodexMcpRendering(arguments, names, skipped);
    }

    private static string? StdioEntry(McpServerDefinition server, IDictionary<string, string> environment, List<string> added, out string? reason)
    {
        reason = null;
        if (string.IsNullOrWhiteSpace(server.Command))
        {
            reason = "it has no command";
            return null;
        }

        foreach (var (name, value) in server.Env)
        {
            if (environment.TryGetValue(name, out var existing) && existing != value)
            {
                // Codex passes variables through by name only: one name cannot carry two values.
                reason = $"its variable {name} differs from the one Codex or another server already uses";
                return null;
            }
        }

        foreach (var (name, value) in server.Env)
        {
            if (!environment.ContainsKey(name))
            {
                environment[name] = value;
                added.Add(name);
            }
        }

        var parts = new List<string>
        {
            $"command={Toml(server.Command)}",
            $"args={Array(server.Args)}",
            $"startup_timeout_sec={StartupTimeoutSeconds.ToString(CultureInfo.InvariantCulture)}",
        };
        if (server.Env.Count > 0)
        {
            parts.Add($"env_vars={Array(server.Env.Keys)}");
        }

        return $"{{{string.Join(',', parts)}}}";
    }

    private static string HttpEntry(McpServerDefinition server, int index, IDictionary<string, string> environment, List<string> added)
    {
        var parts = new List<string>
        {
            $"url={Toml(server.Url ?? "")}",
            $"startup_timeout_sec={StartupTimeoutSeconds.ToString(CultureInfo.InvariantCulture)}",
        };
        var headers = new List<string>();
        var headerIndex = 0;
        foreach (var (name, value) in server.Headers)
        {
            if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                var tokenVariable = Variable(index, "TOKEN");
                environment[tokenVariable] = value["Bearer ".Length..].Trim();
                added.Add(tokenVariable);
                parts.Add($"bearer_token_env_var={Toml(tokenVariable)}");
                continue;
            }

            headerIndex++;
            var variable = Variable(index, string.Create(CultureInfo.InvariantCulture, $"HEADER_{headerIndex}"));
            environment[variable] = value;
            added.Add(variable);
            headers.Add($"{Toml(name)}={Toml(variable)}");
        }

        if (headers.Count > 0)
        {
            parts.Add($"env_http_headers={{{string.Join(',', headers)}}}");
        }

        return $"{{{string.Join(',', parts)}}}";
    }

    private static string Variable(int index, string suffix) => string.Create(CultureInfo.InvariantCulture, $"GROVE_MCP_{index}_{suffix}");

    /// <summary>Codex's server names are <c>[A-Za-z0-9_-]</c> (its tools are <c>mcp__name__tool</c>); others are replaced by <c>_</c>, clashes numbered.</summary>
    internal static string UniqueKey(string name, HashSet<string> taken)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        var key = builder.Length == 0 ? "server" : builder.ToString();
        var candidate = key;
        for (var n = 2; !taken.Add(candidate); n++)
        {
            candidate = string.Create(CultureInfo.InvariantCulture, $"{key}_{n}");
        }

        return candidate;
    }

    private static string Array(IEnumerable<string> values) => $"[{string.Join(',', values.Select(Toml))}]";

    /// <summary>A TOML basic string.</summary>
    internal static string Toml(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }
}

/// <summary>The <c>-c</c> arguments for a run's MCP servers, their names as Codex knows them, and the servers left out with the reason.</summary>
internal sealed record CodexMcpRendering(IReadOnlyList<string> Arguments, IReadOnlyList<string> Names, IReadOnlyList<(string Name, string Reason)> Skipped);
