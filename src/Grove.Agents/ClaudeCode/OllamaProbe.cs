using System.Text.Json;
using Grove.Core.Net;

namespace Grove.Agents.ClaudeCode;

/// <summary>Probes Ollama with a short timeout; any failure is "not available" (null).</summary>
/// <remarks>
/// Without a given client, the probe makes its own on the first probe: a Grove that never probes Ollama
/// makes no HTTP client (issue 12).
/// </remarks>
internal sealed class OllamaProbe : IOllamaProbe
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    private readonly TimeSpan? _timeout;
    private readonly FirstUseHttpClient _client;

    /// <summary>A probe that makes its own client on the first probe.</summary>
    public OllamaProbe(TimeSpan? timeout = null)
        : this(new FirstUseHttpClient(static () => new HttpClient()), timeout)
    {
    }

    public OllamaProbe(HttpClient httpClient, TimeSpan? timeout = null)
        : this(new FirstUseHttpClient(() => httpClient), timeout)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
    }

    private OllamaProbe(FirstUseHttpClient client, TimeSpan? timeout)
    {
        _client = client;
        _timeout = timeout;
    }

    /// <summary>True once the probe has used its client (given, or made by a probe).</summary>
    internal bool HasClient => _client.IsCreated;

    public async Task<IReadOnlyList<string>?> ListModelsAsync(string baseUrl, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(baseUrl.TrimEnd('/') + "/api/tags", UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(_timeout ?? DefaultTimeout);
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
