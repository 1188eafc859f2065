using System.Text.RegularExpressions;

namespace Grove.Agents;

/// <summary>
/// The environment an agent process gets: the parent's, minus credentials it must not see
/// (other providers' keys, cloud credentials, Grove's own secrets, anything named like a secret),
/// plus the run's own values. Log with <see cref="DescribeKeys"/> and <see cref="Redact"/>: key
/// names, never values.
/// </summary>
public static partial class AgentEnvironment
{
    /// <summary>Anthropic/Claude credentials: removed from the parent, re-added only when chosen for the run.</summary>
    public static IReadOnlySet<string> AuthNames { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL", "CLAUDE_CODE_OAUTH_TOKEN",
    };

    /// <summary>Switches that stop Claude Code contacting anything but the API (telemetry, updates, feature flags).</summary>
    public static IReadOnlyDictionary<string, string> NonessentialTrafficSwitches { get; } = new Dictionary<string, string>
    {
        ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
        ["DISABLE_TELEMETRY"] = "1",
        ["DISABLE_AUTOUPDATER"] = "1",
    };

    private static readonly HashSet<string> RemovedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "OPENAI_API_KEY", "GITHUB_TOKEN", "GH_TOKEN", "GOOGLE_APPLICATION_CREDENTIALS", "NPM_TOKEN",
        "NODE_AUTH_TOKEN", "HF_TOKEN", "GITLAB_TOKEN",
        // Set when Grove itself runs inside Claude Code; a nested CLI must not think it is a child.
        "CLAUDECODE", "CLAUDE_CODE_ENTRYPOINT", "CLAUDE_CODE_SSE_PORT",
    };

    private static readonly string[] RemovedPrefixes = ["AWS_", "AZURE_", "GROVE_", "GOOGLE_", "GCP_", "ARM_"];

    private static readonly string[] SecretParts = ["SECRET", "PASSWORD", "PASSWD", "CREDENTIAL", "PRIVATE_KEY"];

    private static readonly string[] SecretSuffixes = ["_TOKEN", "_API_KEY", "_ACCESS_KEY", "_AUTH"];

    /// <summary>
    /// The parent environment without removed keys, then <paramref name="runValues"/> added
    /// (they win, and may re-add an Anthropic credential chosen for this run).
    /// </summary>
    public static Dictionary<string, string> Build(IReadOnlyDictionary<string, string> parent, IReadOnlyDictionary<string, string>? runValues = null)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in parent)
        {
            if (!IsRemoved(key))
            {
                result[key] = value;
            }
        }

        foreach (var (key, value) in runValues ?? new Dictionary<string, string>())
        {
            result[key] = value;
        }

        return result;
    }

    /// <summary>True when a parent variable must not reach the agent.</summary>
    public static bool IsRemoved(string name) =>
        AuthNames.Contains(name)
        || RemovedNames.Contains(name)
        || RemovedPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase))
        || IsSecretName(name);

    /// <summary>True when the name looks like it holds a credential (its value is masked by <see cref="Redact"/>).</summary>
    public static bool IsSecretName(string name) =>
        AuthNames.Contains(name)
        || SecretParts.Any(p => name.Contains(p, StringComparison.OrdinalIgnoreCase))
        || SecretSuffixes.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase))
        || name.Equals("GH_TOKEN", StringComparison.OrdinalIgnoreCase);

    /// <summary>The variable names, sorted, for a log line (values never appear).</summary>
    public static string DescribeKeys(IReadOnlyDictionary<string, string> environment) =>
        string.Join(", ", environment.Keys.Order(StringComparer.Ordinal));

    /// <summary>
    /// <paramref name="text"/> with the value of every secret-named variable of
    /// <paramref name="environment"/>, and anything shaped like an Anthropic key, replaced by <c>***</c>.
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

        return AnthropicKey().Replace(text, "***");
    }

    [GeneratedRegex(@"sk-ant-[A-Za-z0-9_\-]{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex AnthropicKey();
}
