using System.IO.Compression;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace Grove.Testing.FakeSentry;

/// <summary>
/// A fake Sentry ingest endpoint on 127.0.0.1: every <c>POST /api/&lt;project&gt;/envelope/</c> is
/// kept as text (gzip or not) and answered 200. <see cref="Dsn"/> is what a client is configured with.
/// </summary>
public sealed class FakeSentryServer : IAsyncDisposable
{
    private readonly Channel<string> _arrived = Channel.CreateUnbounded<string>();
    private readonly List<string> _envelopes = [];
    private LoopbackHost? _host;

    private FakeSentryServer()
    {
    }

    /// <summary><c>http://key@127.0.0.1:PORT/1</c>.</summary>
    public string Dsn { get; private set; } = null!;

    public IReadOnlyList<string> Envelopes
    {
        get
        {
            lock (_envelopes)
            {
                return [.. _envelopes];
            }
        }
    }

    public static async Task<FakeSentryServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new FakeSentryServer();
        server._host = await LoopbackHost.StartAsync(server.HandleAsync, cancellationToken);
        server.Dsn = $"http://fakekey@127.0.0.1:{server._host.BaseUrl.Port}/1";
        return server;
    }

    /// <summary>The next envelope that arrives (or one that arrived and was not read yet).</summary>
    public async Task<string> NextEnvelopeAsync(CancellationToken cancellationToken) =>
        await _arrived.Reader.ReadAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !(context.Request.Path.Value ?? string.Empty).EndsWith("/envelope/", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        Stream body = context.Request.Body;
        if (string.Equals(context.Request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase))
        {
            body = new GZipStream(body, CompressionMode.Decompress);
        }

        using var reader = new StreamReader(body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        lock (_envelopes)
        {
            _envelopes.Add(text);
        }

        await _arrived.Writer.WriteAsync(text, context.RequestAborted);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("{\"id\":\"00000000000000000000000000000000\"}", context.RequestAborted);
    }
}
