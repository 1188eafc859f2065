using System.Net.Http.Headers;
using System.Text.Json;
using Grove.Core.Net;
using Microsoft.Extensions.Logging;

namespace Grove.Integrations.Telemetry;

internal sealed partial class PostHogClient(ILogger<PostHogClient> logger) : IPostHogClient, IDisposable
{
    /// <summary>Analytics must never hold anything up: a batch gets this long, then it is given up.</summary>
    internal static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private readonly FirstUseHttpClient _http = new(() => new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(3),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
        })
        {
            Timeout = RequestTimeout,
        });

    public async Task<bool> SendBatchAsync(Uri host, string projectKey, IReadOnlyList<PostHogEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return true;
        }

        using var content = new ByteArrayContent(Serialize(projectKey, events));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        try
        {
            using var response = await _http.Value.PostAsync(new Uri(host, "batch/"), content, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }

            LogRefused(logger, host.Host, (int)response.StatusCode, events.Count);
            return false;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            LogUnreachable(logger, host.Host, ex.GetType().Name, events.Count);
            return false;
        }
    }

    /// <summary>The batch body: <c>{"api_key": …, "batch": [{"event", "distinct_id", "timestamp", "properties"}]}</c>.</summary>
    internal static byte[] Serialize(string projectKey, IReadOnlyList<PostHogEvent> events)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("api_key", projectKey);
            json.WriteStartArray("batch");
            foreach (var e in events)
            {
                json.WriteStartObject();
                json.WriteString("event", e.Name);
                json.WriteString("distinct_id", e.DistinctId);
                json.WriteString("timestamp", e.Timestamp.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                json.WriteStartObject("properties");
                json.WriteString("distinct_id", e.DistinctId);
                foreach (var (key, value) in e.Properties)
                {
                    json.WritePropertyName(key);
                    WriteValue(json, value);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteValue(Utf8JsonWriter json, object value)
    {
        switch (value)
        {
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case int i:
                json.WriteNumberValue(i);
                break;
            case long l:
                json.WriteNumberValue(l);
                break;
            case double d:
                json.WriteNumberValue(d);
                break;
            default:
                json.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }

    public void Dispose() => _http.Dispose();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Analytics host {Host} refused a batch of {Count} events with HTTP {Status}.")]
    private static partial void LogRefused(ILogger logger, string host, int status, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Analytics host {Host} could not be reached ({Error}); {Count} events kept for later.")]
    private static partial void LogUnreachable(ILogger logger, string host, string error, int count);
}
