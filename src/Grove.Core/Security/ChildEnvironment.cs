namespace Grove.Core.Security;

/// <summary>
/// The one filter for the environment of every process Grove starts on the user's behalf (agents,
/// MCP servers): the parent's variables minus credentials a child must not see (Anthropic and other
/// providers' keys, cloud credentials, Grove's own variables and secrets, anything named like a
/// secret), then the child's own values on top (they win, so a definition may set a removed name).
/// Log with <see cref="DescribeKeys"/> and <see cref="Redact"/>: key names, never values.
/// </summary>
public static class ChildEnvironment
{
    /// <summary>Anthropic/Claude credentials: removed from the parent; an agent re-adds the one chosen for its run.</summary>
    public static IReadOnlySet<string> AnthropicNames { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL", "CLAUDE_CODE_OAUTH_TOKEN",
    };

    private static readonly HashSet<string> RemovedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "OPENAI_API_KEY", "GITHUB_TOKEN", "GH_TOKEN", "GOOGLE_APPLICATION_CREDENTIALS", "NPM_TOKEN",
        "NODE_AUTH_TOKEN", "HF_TOKEN", "GITLAB_TOKEN",
        // Set when Grove itself runs inside Claude Code; a nested CLI must not think it is a child.
        "CLAUDECODE", "CLAUDE_CODE_ENTRYPOINT", "CLAUDE_CODE_SSE_PORT",
    };

    private static readonly string[] RemovedPrefixes = ["AWS_", "AZURE_", "GROVE_", "GOOGLE_", "GCP_", "ARM_"];

    // A tool server (MCP) gets no Anthropic/Claude settings at all; the agent keeps e.g. ANTHROPIC_MODEL.
    private static readonly string[] ToolRemovedPrefixes = ["ANTHROPIC_", "CLAUDE_CODE_"];

    private static readonly string[] SecretParts = ["SECRET", "PASSWORD", "PASSWD", "CREDENTIAL", "PRIVATE_KEY"];

    private static readonly string[] SecretSuffixes = ["_TOKEN", "_API_KEY", "_ACCESS_KEY", "_AUTH"];

    /// <summary>
    /// The parent environment without removed keys, then <paramref name="ownValues"/> added
    /// (they win, and may re-add a removed name the child's definition sets itself).
    /// </summary>
    public static Dictionary<string, string> Build(
        IReadOnlyDictionary<string, string> parent, IReadOnlyDictionary<string, string>? ownValues = null, ChildKind kind = ChildKind.Agent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in parent)
        {
            if (!IsRemoved(key, kind))
            {
                result[key] = value;
            }
        }

        foreach (var (key, value) in ownValues ?? new Dictionary<string, string>())
        {
            result[key] = value;
        }

        return result;
    }

    /// <summary>This process's environment as a dictionary (the usual parent for <see cref="Build"/>).</summary>
    public static Dictionary<string, string> Current()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                result[key] = value;
            }
        }

        return result;
    }

    /// <summary>True when a parent variable must not reach a child process of <paramref name="kind"/>.</summary>
    public static bool IsRemoved(string name, ChildKind kind = ChildKind.Agent) =>
        AnthropicNames.Contains(name)
        || (kind == ChildKind.ToolServer && ToolRemovedPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
        || RemovedNames.Contains(name)
        || RemovedPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase))
        || IsSecretName(name);

    /// <summary>True when the name looks like it holds a credential (its value is masked by <see cref="Redact"/>).</summary>
    public static bool IsSecretName(string name) =>
        AnthropicNames.Contains(name)
        || SecretParts.Any(p => name.Contains(p, StringComparison.OrdinalIgnoreCase))
        || SecretSuffixes.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase))
        || name.Equals("GH_TOKEN", StringComparison.OrdinalIgnoreCase);

    /// <summary>The variable names, sorted, for a log line (values never appear).</summary>
    public static string DescribeKeys(IReadOnlyDictionary<string, string> environment) =>
        string.Join(", ", environment.Keys.Order(StringComparer.Ordinal));

    /// <summary>
    /// <paramref name="text"/> with the value of every secret-named variable of
    /// <paramref name="environment"/>, and anything secret-shaped (<see cref="SecretPatterns"/>), replaced by <c>***</c>.
    /// </summary>
    public static string Redact(string text, IReadOnlyDictionary<string, string>? environment = null)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                if (value.Length >= 4 && IsSecretName(key))
                {
                    text = text.Replace(value, "***", StringComparison.Ordinal);
                }
            }
        }

        return SecretPatterns.Redact(text);
    }
}

/// <summary>Who a filtered environment is for.</summary>
public enum ChildKind
{
    /// <summary>An agent (Claude Code): keeps non-secret Anthropic settings such as <c>ANTHROPIC_MODEL</c>.</summary>
    Agent,

    /// <summary>A tool server the user configured (MCP stdio): no <c>ANTHROPIC_*</c> / <c>CLAUDE_CODE_*</c> at all.</summary>
    ToolServer,
}
