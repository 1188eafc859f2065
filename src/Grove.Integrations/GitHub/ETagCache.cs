using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Grove.Integrations.GitHub;

/// <summary>
/// Conditional GETs for Octokit. Octokit 14 has no per-request headers, so this handler sits under it:
/// it remembers each GET's <c>ETag</c> and body (keyed by URL and a hash of the token), sends
/// <c>If-None-Match</c> next time, and turns GitHub's <c>304 Not Modified</c> — which costs no rate
/// limit — back into the remembered <c>200</c>, so callers see the same data.
/// </summary>
internal sealed class ETagCache : DelegatingHandler
{
    private const int MaxEntries = 512;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public ETagCache(HttpMessageHandler inner)
        : base(inner)
    {
    }

    /// <summary>How many answers were 304 and served from the cache (for tests and logs).</summary>
    public int NotModifiedCount => _notModified;

    private int _notModified;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Get || request.RequestUri is null)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var key = Key(request);
        if (_entries.TryGetValue(key, out var cached))
        {
            request.Headers.IfNoneMatch.Clear();
            request.Headers.TryAddWithoutValidation("If-None-Match", cached.ETag);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotModified && cached is not null)
        {
            Interlocked.Increment(ref _notModified);
            var replay = new HttpResponseMessage(HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new ByteArrayContent(cached.Body),
                Version = response.Version,
            };
            foreach (var header in response.Headers)
            {
                replay.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            replay.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(cached.ContentType);
            response.Dispose();
            return replay;
        }

        if (response.IsSuccessStatusCode && response.Headers.ETag is { } etag)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var contentType = response.Content.Headers.ContentType?.ToString() ?? "application/json; charset=utf-8";
            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }

            _entries[key] = new Entry(etag.ToString(), body, contentType);
            var copy = new ByteArrayContent(body);
            foreach (var header in response.Content.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = copy;
        }

        return response;
    }

    private static string Key(HttpRequestMessage request)
    {
        var authorization = request.Headers.Authorization?.ToString() ?? "";
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(authorization)), 0, 8);
        return $"{hash} {request.RequestUri!.AbsoluteUri}";
    }

    private sealed record Entry(string ETag, byte[] Body, string ContentType);
}
