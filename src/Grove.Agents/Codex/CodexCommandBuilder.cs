using System.Globalization;

namespace Grove.Agents.Codex;

/// <summary>
/// Builds <c>codex app-server</c>: the environment (the parent's minus credentials, plus
/// <c>CODEX_HOME</c> and the chosen <c>OPENAI_API_KEY</c>) and, for a custom base URL, a
/// <c>grove</c> model provider (Codex ignores <c>OPENAI_BASE_URL</c>), and the run's MCP servers
/// (<see cref="CodexMcpConfig"/>).
/// </summary>
internal static class CodexCommandBuilder
{
    /// <summary>The name of the model provider Grove defines for <c>codex.base_url</c>.</summary>
    public const string ProviderName = "grove";

    /// <summary>Codex's built-in provider for a local Ollama (its base URL comes from <c>CODEX_OSS_BASE_URL</c>).</summary>
    public const string OllamaProvider = "ollama";

    /// <summary>Grove's Ollama settings when the run must use them (offline mode, <c>agent.use_ollama</c>); else null.</summary>
    public static OllamaSettings? Ollama(AgentStartOptions options) => options.Auth is { UseOllama: true, Ollama: { } ollama } ? ollama : null;

    /// <summary>The model of the run: Ollama's in offline mode, else the tab's.</summary>
    public static string? Model(AgentStartOptions options) => Ollama(options)?.Model ?? options.Model;

    public static CodexCommand Build(string executable, AgentStartOptions options, AgentHostEnvironment host, CodexOptions codexOptions)
    {
        var arguments = new List<string> { "app-server" };
        var runValues = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Ollama(options) is { } ollama)
        {
            // Codex's built-in OSS provider: Ollama's Responses API at <base>/v1 (Ollama 0.13.4 or newer).
            arguments.AddRange(["-c", $"model_provider={OllamaProvider}"]);
            runValues["CODEX_OSS_BASE_URL"] = $"{ollama.BaseUrl.TrimEnd('/')}/v1";
        }
        else if (options.Auth?.OpenAiBaseUrl is { Length: > 0 } baseUrl)
        {
            arguments.AddRange(ProviderArguments(baseUrl));
        }

        if (options.Auth?.OpenAiApiKey is { Length: > 0 } key)
        {
            runValues["OPENAI_API_KEY"] = key;
        }
        else if (host.Get("OPENAI_API_KEY") is { } fromEnvironment)
        {
            // Removed from the parent like every credential, and put back because it is Codex's own.
            runValues["OPENAI_API_KEY"] = fromEnvironment;
        }

        if (options.Environment is not null)
        {
            foreach (var (name, value) in options.Environment)
            {
                runValues[name] = value;
            }
        }

        var environment = BaseEnvironment(host, codexOptions, runValues);
        IReadOnlyList<(string Name, string Reason)> skipped = [];
        IReadOnlyList<string> names = [];
        if (options.McpServers is { } servers)
        {
            var mcp = CodexMcpConfig.Render(servers, environment);
            arguments.AddRange(mcp.Arguments);
            skipped = mcp.Skipped;
            names = mcp.Names;
        }

        return new CodexCommand(executable, arguments, options.WorkingDirectory, environment) { McpServers = names, SkippedMcpServers = skipped };
    }

    /// <summary>
    /// The <c>-c</c> overrides that send Codex's Responses API calls to <paramref name="baseUrl"/>
    /// with <c>OPENAI_API_KEY</c>: <c>model_providers.grove={…}</c> and <c>model_provider=grove</c>.
    /// </summary>
    public static IReadOnlyList<string> ProviderArguments(string baseUrl) =>
    [
        "-c",
        string.Create(CultureInfo.InvariantCulture, $"model_providers.{ProviderName}={{name=\"{ProviderName}\",base_url=\"{TomlEscape(baseUrl.TrimEnd('/'))}\",env_key=\"OPENAI_API_KEY\",wire_api=\"responses\"}}"),
        "-c",
        $"model_provider={ProviderName}",
    ];

    /// <summary>The filtered parent environment with <c>CODEX_HOME</c> (created) and the run's values on top.</summary>
    public static Dictionary<string, string> BaseEnvironment(AgentHostEnvironment host, CodexOptions codexOptions, IReadOnlyDictionary<string, string>? runValues)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (codexOptions.HomeDirectory is { } home)
        {
            Directory.CreateDirectory(home);
            values["CODEX_HOME"] = home;
        }

        if (runValues is not null)
        {
            foreach (var (name, value) in runValues)
            {
                values[name] = value;
            }
        }

        return AgentEnvironment.Build(host.Variables, values);
    }

    private static string TomlEscape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
