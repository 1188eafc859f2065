using Grove.Core.Security;

namespace Grove.Agents;

/// <summary>
/// The environment an agent process gets: the parent's filtered by <see cref="ChildEnvironment"/>
/// (the one filter Grove applies to every child it starts, MCP servers too), plus the run's own
/// values. Log with <see cref="DescribeKeys"/> and <see cref="Redact"/>: key names, never values.
/// </summary>
public static class AgentEnvironment
{
    /// <summary>Anthropic/Claude credentials: removed from the parent, re-added only when chosen for the run.</summary>
    public static IReadOnlySet<string> AuthNames => ChildEnvironment.AnthropicNames;

    /// <summary>Switches that stop Claude Code contacting anything but the API (telemetry, updates, feature flags).</summary>
    public static IReadOnlyDictionary<string, string> NonessentialTrafficSwitches { get; } = new Dictionary<string, string>
    {
        ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
        ["DISABLE_TELEMETRY"] = "1",
        ["DISABLE_AUTOUPDATER"] = "1",
    };

    /// <summary>
    /// The parent environment without removed keys, then <paramref name="runValues"/> added
    /// (they win, and may re-add an Anthropic credential chosen for this run).
    /// </summary>
    public static Dictionary<string, string> Build(IReadOnlyDictionary<string, string> parent, IReadOnlyDictionary<string, string>? runValues = null) =>
        ChildEnvironment.Build(parent, runValues);

    /// <summary>True when a parent variable must not reach the agent.</summary>
    public static bool IsRemoved(string name) => ChildEnvironment.IsRemoved(name);

    /// <summary>True when the name looks like it holds a credential (its value is masked by <see cref="Redact"/>).</summary>
    public static bool IsSecretName(string name) => ChildEnvironment.IsSecretName(name);

    /// <summary>The variable names, sorted, for a log line (values never appear).</summary>
    public static string DescribeKeys(IReadOnlyDictionary<string, string> environment) => ChildEnvironment.DescribeKeys(environment);

    /// <summary>Masks secret values and Anthropic-shaped keys (see <see cref="ChildEnvironment.Redact"/>).</summary>
    public static string Redact(string text, IReadOnlyDictionary<string, string>? environment = null) => ChildEnvironment.Redact(text, environment);
}
