using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Grove.Server.Tests.TestServices;

/// <summary>One raw SSE frame as the server wrote it.</summary>
internal sealed record SseFrame(long? Id, string Event, string Data);

/// <summary>
/// Reads raw SSE frames from one open stream (its own parser, independent of the CLI's); several
/// <see cref="ReadUntilAsync"/> calls continue where the last one stopped.
/// </summary>
internal sealed class SseFrames : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseFrames(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
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
        var lines = new List<string>();
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
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
        long? id = null;
        string? kind = null;
        var data = new StringBuilder();
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (kind is not null)
                {
                    return new SseFrame(id, kind, data.ToString());
                }
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = long.Parse(line[4..], CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                kind = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line[6..]);
            }
        }

        return null;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }
}
