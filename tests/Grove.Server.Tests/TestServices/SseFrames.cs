using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;

namespace Grove.Server.Tests.TestServices;

/// <summary>One raw SSE frame as the server wrote it.</summary>
internal sealed record SseFrame(long? Id, string Event, string Data);

/// <summary>Reads raw SSE frames from the server (its own parser, independent of the CLI's).</summary>
internal static class SseFrames
{
    public static async Task<HttpResponseMessage> OpenAsync(HttpClient client, string path, long? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ServerBed.Ct);
        await ServerBed.EnsureAsync(response);
        return response;
    }

    /// <summary>Frames until (and including) the first one for which <paramref name="last"/> is true.</summary>
    public static async Task<List<SseFrame>> ReadUntilAsync(HttpResponseMessage response, Func<SseFrame, bool> last, CancellationToken cancellationToken)
    {
        var frames = new List<SseFrame>();
        await foreach (var frame in ReadAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken))
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

    private static async IAsyncEnumerable<SseFrame> ReadAsync(Stream body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body, Encoding.UTF8);
        long? id = null;
        string? kind = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (kind is not null)
                {
                    yield return new SseFrame(id, kind, data.ToString());
                }

                (id, kind) = (null, null);
                data.Clear();
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
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
    }
}
