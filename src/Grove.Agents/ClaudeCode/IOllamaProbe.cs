namespace Grove.Agents.ClaudeCode;

/// <summary>Asks a local Ollama server which models it has.</summary>
public interface IOllamaProbe
{
    /// <summary>The model names from <c>GET &lt;baseUrl&gt;/api/tags</c>, or null when the server does not answer in time or answers badly.</summary>
    Task<IReadOnlyList<string>?> ListModelsAsync(string baseUrl, CancellationToken cancellationToken);
}
