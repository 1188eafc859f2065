namespace Grove.Agents;

/// <summary>
/// Credentials for an agent run, chosen by the caller from Grove's settings. Claude resolves them
/// in this order: explicit <see cref="ApiKey"/>/<see cref="AuthToken"/>/<see cref="BaseUrl"/>,
/// else those already in Grove's environment, else the stored <see cref="OAuthToken"/>, else
/// <see cref="Ollama"/> when set; with nothing, the CLI uses its own login. <see cref="UseOllama"/>
/// skips the order and always uses Ollama (offline mode).
/// </summary>
public sealed record AgentAuth
{
    public string? ApiKey { get; init; }
    public string? AuthToken { get; init; }
    public string? BaseUrl { get; init; }

    /// <summary>A Claude subscription token (from <c>claude setup-token</c>), passed as <c>CLAUDE_CODE_OAUTH_TOKEN</c>.</summary>
    public string? OAuthToken { get; init; }

    public OllamaSettings? Ollama { get; init; }

    /// <summary>Use <see cref="Ollama"/> even when other credentials exist.</summary>
    public bool UseOllama { get; init; }

    /// <summary>
    /// How a Claude run with these credentials connects, as a short token for analytics and status:
    /// <c>api_key</c>, <c>auth_token</c>, <c>oauth</c>, <c>ollama</c> or <c>claude_login</c> (the CLI's own).
    /// </summary>
    public string ConnectionMethod(IReadOnlyDictionary<string, string> environment)
    {
        var resolved = ClaudeCode.ClaudeAuthResolver.Resolve(this, environment);
        return resolved.Source switch
        {
            ClaudeAuthSource.Ollama => "ollama",
            ClaudeAuthSource.OAuthToken => "oauth",
            ClaudeAuthSource.CliLogin => "claude_login",
            _ => resolved.Variables.ContainsKey("ANTHROPIC_API_KEY") ? "api_key" : "auth_token",
        };
    }

    /// <summary>Codex: <c>OPENAI_API_KEY</c> from Grove's secret <c>openai.api_key</c>; null uses the environment's, else Codex's own login.</summary>
    public string? OpenAiApiKey { get; init; }

    /// <summary>Codex: an OpenAI-compatible Responses API base URL (setting <c>codex.base_url</c>); null uses OpenAI.</summary>
    public string? OpenAiBaseUrl { get; init; }

    /// <summary>Never shows secrets.</summary>
    public override string ToString() =>
        $"AgentAuth {{ ApiKey = {Mask(ApiKey)}, AuthToken = {Mask(AuthToken)}, BaseUrl = {BaseUrl}, OAuthToken = {Mask(OAuthToken)}, Ollama = {Ollama}, UseOllama = {UseOllama}, OpenAiApiKey = {Mask(OpenAiApiKey)}, OpenAiBaseUrl = {OpenAiBaseUrl} }}";

    private static string Mask(string? value) => value is null ? "null" : "***";
}

/// <summary>A local Ollama server speaking the Anthropic API, and the model to ask for.</summary>
public sealed record OllamaSettings(string BaseUrl, string Model)
{
    public const string DefaultBaseUrl = "http://localhost:11434";
}

/// <summary>Where the credentials of a Claude run came from.</summary>
internal enum ClaudeAuthSource
{
    /// <summary>None given: the CLI uses its own stored login (or reports "Not logged in").</summary>
    CliLogin,
    Explicit,
    Environment,
    OAuthToken,
    Ollama,
}
