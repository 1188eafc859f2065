using Grove.Agents;
using Grove.Data.Stores;

namespace Grove.Services.Agents;

/// <summary>Builds an agent's credentials from Grove's encrypted credentials and settings.</summary>
internal sealed class AgentAuthProvider(ICredentialStore credentials, ISettingsStore settings)
{
    public const string ApiKey = "anthropic.api_key";
    public const string AuthToken = "anthropic.auth_token";
    public const string OAuthToken = "claude.oauth_token";
    public const string BaseUrl = SettingKeys.AnthropicBaseUrl;
    public const string OllamaUrl = SettingKeys.OllamaUrl;
    public const string OllamaModel = SettingKeys.OllamaModel;
    public const string UseOllama = SettingKeys.UseOllama;
    public const string ClaudePath = SettingKeys.ClaudePath;
    public const string OpenAiApiKey = SettingKeys.OpenAIKeySecret;
    public const string CodexBaseUrl = SettingKeys.CodexBaseUrl;

    public async Task<AgentAuth> GetAsync(CancellationToken cancellationToken)
    {
        var ollamaModel = await settings.GetAsync(OllamaModel, cancellationToken);
        var ollamaUrl = await settings.GetAsync(OllamaUrl, cancellationToken);
        return new AgentAuth
        {
            ApiKey = await credentials.GetAsync(ApiKey, cancellationToken),
            AuthToken = await credentials.GetAsync(AuthToken, cancellationToken),
            OAuthToken = await credentials.GetAsync(OAuthToken, cancellationToken),
            BaseUrl = await settings.GetAsync(BaseUrl, cancellationToken),
            Ollama = ollamaModel is null ? null : new OllamaSettings(ollamaUrl ?? OllamaSettings.DefaultBaseUrl, ollamaModel),
            UseOllama = await settings.GetAsync(UseOllama, cancellationToken) == "true",
            OpenAiApiKey = await credentials.GetAsync(OpenAiApiKey, cancellationToken),
            OpenAiBaseUrl = await settings.GetAsync(CodexBaseUrl, cancellationToken),
        };
    }
}
