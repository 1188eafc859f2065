using System.Text.Json;

namespace Grove.Agents.ClaudeCode;

/// <summary>Probes Ollama with a short timeout; any failure is "not available" (null).</summary>
/// <remarks>The client comes from a factory called on the first probe: a Grove that never probes Ollama makes no HTTP client (issue 12).</remarks>
internal sealed class OllamaProbe(Func<HttpClient> httpClient, TimeSpan? timeout = null) : IOllamaProbe
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    private readonly Lazy<HttpClient> _client = new(httpClient);

    public OllamaProbe(HttpClient httpClient, TimeSpan? timeout = null)
        : this(() => httpClient, timeout)
    {
    }

    public async Task<IReadOnlyList<string>?> ListModelsAsync(string baseUrl, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(baseUrl.TrimEnd('/') + "/api/tags", UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            using var response = await _client.Value.GetAsync(uri, timeoutSource.Token);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(timeoutSource.Token), default, timeoutSource.Token);
            return document.RootElement.Array("models")
                .Select(m => m.String("name") ?? m.String("model"))
                .OfType<string>()
                .ToList();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException)
        {
            return null;
        }
    }
}
