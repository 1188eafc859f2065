using System.Text.Json;

namespace Grove.Agents.ClaudeCode;

/// <summary>Probes Ollama with a short timeout; any failure is "not available" (null).</summary>
/// <remarks>
/// Without a given client, the probe makes its own on the first probe: a Grove that never probes Ollama
/// makes no HTTP client (issue 12). It is held as an object until then: a <c>Lazy&lt;HttpClient&gt;</c> or
/// <c>Func&lt;HttpClient&gt;</c> made with the probe would load System.Net.Http at start-up all the same.
/// </remarks>
internal sealed class OllamaProbe : IOllamaProbe
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    private readonly TimeSpan? _timeout;
    private object? _client;

    /// <summary>A probe that makes its own client on the first probe.</summary>
    public OllamaProbe(TimeSpan? timeout = null)
    {
        _timeout = timeout;
    }

    public OllamaProbe(HttpClient httpClient, TimeSpan? timeout = null)
        : this(timeout)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _client = httpClient;
    }

    /// <summary>True once the probe holds a client (given, or made by a probe).</summary>
    internal bool HasClient => Volatile.Read(ref _client) is not null;

    private HttpClient Client
    {
        get
        {
            if (Volatile.Read(ref _client) is HttpClient client)
            {
                return client;
            }

            var made = new HttpClient();
            if (Interlocked.CompareExchange(ref _client, made, null) is HttpClient first)
            {
                made.Dispose();
                return first;
            }

            return made;
        }
    }

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
            using var response = await Client.GetAsync(uri, timeoutSource.Token);
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
