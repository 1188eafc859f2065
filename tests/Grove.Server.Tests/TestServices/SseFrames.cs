using System.Globalization;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text;

namespace Grove.Server.Tests.TestServices;

/// <summary>One raw SSE frame as the server wrote it.</summary>
internal sealed record SseFrame(long? Id, string Event, string Data);

/// <summary>
/// Reads SSE frames from one open stream with .NET's <see cref="SseParser"/>; several
/// <see cref="ReadUntilAsync"/> calls continue where the last one stopped. A stream is read either
/// as frames or as raw lines (<see cref="ReadUntilCommentAsync"/>, comments included), not both.
/// </summary>
internal sealed class SseFrames : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly Stream _body;
    private StreamReader? _lines;
    private IAsyncEnumerator<SseItem<string>>? _frames;

    private SseFrames(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _body = body;
    }

    public static async Task<SseFrames> OpenAsync(HttpClient client, string path, long? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(CultureInfo.InvariantCulture));
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ServerBed.Ct);
        await ServerBed.EnsureAsync(response);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseFrames(response, await response.Content.ReadAsStreamAsync(ServerBed.Ct));
    }

    /// <summary>Frames until (and including) the first one for which <paramref name="last"/> is true.</summary>
    public async Task<List<SseFrame>> ReadUntilAsync(Func<SseFrame, bool> last, CancellationToken cancellationToken)
    {
        var frames = new List<SseFrame>();
        while (await NextAsync(cancellationToken) is { } frame)
        {
            frames.Add(frame);
            if (last(frame))
            {
                return frames;
            }
        }

        Assert.Fail("The stream ended early.");
        return frames;
    }

    /// <summary>Reads raw lines until a comment line (<c>: text</c>) equal to <paramref name="comment"/>.</summary>
    public async Task<List<string>> ReadUntilCommentAsync(string comment, CancellationToken cancellationToken)
    {
        Assert.Null(_frames);
        _lines ??= new StreamReader(_body, Encoding.UTF8);
        var lines = new List<string>();
        while (await _lines.ReadLineAsync(cancellationToken) is { } line)
        {
            lines.Add(line);
            if (line == $": {comment}")
            {
                return lines;
            }
        }

        Assert.Fail("The stream ended early.");
        return lines;
    }

    private async Task<SseFrame?> NextAsync(CancellationToken cancellationToken)
    {
        Assert.Null(_lines);
        // One enumeration for the whole stream; each read is bounded by its own token.
        _frames ??= SseParser.Create(_body).EnumerateAsync(CancellationToken.None).GetAsyncEnumerator(CancellationToken.None);
        if (!await _frames.MoveNextAsync().AsTask().WaitAsync(cancellationToken))
        {
            return null;
        }

        var item = _frames.Current;
        return new SseFrame(item.EventId is { } id ? long.Parse(id, CultureInfo.InvariantCulture) : null, item.EventType, item.Data);
    }

    public void Dispose()
    {
        _lines?.Dispose();
        _body.Dispose();
        _response.Dispose();
    }
}
