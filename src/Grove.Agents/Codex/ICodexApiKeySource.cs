namespace Grove.Agents.Codex;

/// <summary>
/// Where Grove keeps an OpenAI API key for Codex (Grove.Services registers one over the encrypted
/// secret <c>openai.api_key</c>); the program probe asks it to report the auth state. The default has none.
/// </summary>
public interface ICodexApiKeySource
{
    /// <summary>The stored key, or null when none is stored.</summary>
    Task<string?> GetApiKeyAsync(CancellationToken cancellationToken);
}

internal sealed class NoCodexApiKey : ICodexApiKeySource
{
    public Task<string?> GetApiKeyAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
