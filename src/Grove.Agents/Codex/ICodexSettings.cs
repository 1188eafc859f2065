namespace Grove.Agents.Codex;

/// <summary>
/// Codex settings Grove keeps outside this assembly (Grove.Services registers one over the setting
/// <c>codex.path</c> and the encrypted secret <c>openai.api_key</c>), read at each use so a change
/// applies without a restart. The default has neither.
/// </summary>
public interface ICodexSettings
{
    /// <summary>The configured <c>codex</c> program (setting <c>codex.path</c>), or null to search for one.</summary>
    Task<string?> GetConfiguredPathAsync(CancellationToken cancellationToken);

    /// <summary>The stored OpenAI API key, or null when none is stored.</summary>
    Task<string?> GetApiKeyAsync(CancellationToken cancellationToken);
}

internal sealed class NoCodexSettings : ICodexSettings
{
    public Task<string?> GetConfiguredPathAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public Task<string?> GetApiKeyAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
