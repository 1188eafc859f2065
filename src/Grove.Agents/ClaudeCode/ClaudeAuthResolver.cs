namespace Grove.Agents.ClaudeCode;

/// <summary>The credential variables chosen for one Claude run, and a model forced by the choice (Ollama).</summary>
internal sealed record ClaudeAuthResolution(ClaudeAuthSource Source, IReadOnlyDictionary<string, string> Variables, string? Model);

/// <summary>Picks the Claude credentials for a run in the documented order (see <see cref="AgentAuth"/>).</summary>
internal static class ClaudeAuthResolver
{
    public static ClaudeAuthResolution Resolve(AgentAuth? auth, IReadOnlyDictionary<string, string> parent)
    {
        auth ??= new AgentAuth();
        if (auth.UseOllama && auth.Ollama is not null)
        {
            return Ollama(auth.Ollama);
        }

        var explicitValues = Collect(auth.ApiKey, auth.AuthToken, auth.BaseUrl);
        if (explicitValues.Count > 0)
        {
            return new ClaudeAuthResolution(ClaudeAuthSource.Explicit, explicitValues, null);
        }

        var fromEnvironment = Collect(Get(parent, "ANTHROPIC_API_KEY"), Get(parent, "ANTHROPIC_AUTH_TOKEN"), Get(parent, "ANTHROPIC_BASE_URL"));
        if (fromEnvironment.ContainsKey("ANTHROPIC_API_KEY") || fromEnvironment.ContainsKey("ANTHROPIC_AUTH_TOKEN"))
        {
            return new ClaudeAuthResolution(ClaudeAuthSource.Environment, fromEnvironment, null);
        }

        var oauth = string.IsNullOrEmpty(auth.OAuthToken) ? Get(parent, "CLAUDE_CODE_OAUTH_TOKEN") : auth.OAuthToken;
        if (!string.IsNullOrEmpty(oauth))
        {
            return new ClaudeAuthResolution(
                ClaudeAuthSource.OAuthToken,
                new Dictionary<string, string> { ["CLAUDE_CODE_OAUTH_TOKEN"] = oauth },
                null);
        }

        if (auth.Ollama is not null)
        {
            return Ollama(auth.Ollama);
        }

        return new ClaudeAuthResolution(ClaudeAuthSource.CliLogin, new Dictionary<string, string>(), null);
    }

    private static ClaudeAuthResolution Ollama(OllamaSettings ollama) => new(
        ClaudeAuthSource.Ollama,
        new Dictionary<string, string>
        {
            ["ANTHROPIC_BASE_URL"] = ollama.BaseUrl.TrimEnd('/'),
            ["ANTHROPIC_AUTH_TOKEN"] = "ollama",
        },
        ollama.Model);

    private static Dictionary<string, string> Collect(string? apiKey, string? authToken, string? baseUrl)
    {
        var values = new Dictionary<string, string>();
        Add(values, "ANTHROPIC_API_KEY", apiKey);
        Add(values, "ANTHROPIC_AUTH_TOKEN", authToken);
        Add(values, "ANTHROPIC_BASE_URL", baseUrl);
        return values;
    }

    private static void Add(Dictionary<string, string> values, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            values[name] = value;
        }
    }

    private static string? Get(IReadOnlyDictionary<string, string> parent, string name) =>
        parent.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}
