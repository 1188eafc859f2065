using Grove.Agents.Codex;
using Grove.Data.Stores;

namespace Grove.Services.Agents;

/// <summary>Codex's settings from Grove's store: <c>codex.path</c> and the encrypted <c>openai.api_key</c>.</summary>
internal sealed class CodexSettings(ISettingsStore settings, ICredentialStore credentials) : ICodexSettings
{
    public Task<string?> GetConfiguredPathAsync(CancellationToken cancellationToken) => settings.GetAsync(SettingKeys.CodexPath, cancellationToken);

    public Task<string?> GetApiKeyAsync(CancellationToken cancellationToken) => credentials.GetAsync(SettingKeys.OpenAIKeySecret, cancellationToken);
}
