using System.Globalization;
using System.Text;
using Grove.Services.Agents;

namespace Grove.Server.Streaming;

/// <summary>
/// Writes Server-Sent Events: <c>id:</c> = transcript sequence (stored events only, so
/// <c>Last-Event-ID</c> resumes exactly), <c>event:</c> = kind, <c>data:</c> = payload JSON.
/// </summary>
internal static class SseWriter
{
    public static void Start(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    public static string Format(LiveEvent live) => Format(live.Sequence, live.Kind, live.PayloadJson);

    /// <summary>One frame without an id (a live-only event that is never replayed).</summary>
    public static string Format(string kind, string dataJson) => Format(null, kind, dataJson);

    private static string Format(long? id, string kind, string dataJson)
    {
        var text = new StringBuilder();
        if (id is { } sequence)
        {
            text.Append("id: ").Append(sequence.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        text.Append("event: ").Append(OneLine(kind)).Append('\n');
        foreach (var line in dataJson.Split('\n'))
        {
            text.Append("data: ").Append(line.TrimEnd('\r')).Append('\n');
        }

        return text.Append('\n').ToString();
    }

    public static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.WriteAsync(text, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>The resume point: the larger of <c>?after=</c> and the <c>Last-Event-ID</c> header.</summary>
    public static long ResumeAfter(HttpRequest request, long? after)
    {
        var fromHeader = long.TryParse(request.Headers["Last-Event-ID"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0;
        return Math.Max(Math.Max(0, after ?? 0), fromHeader);
    }

    private static string OneLine(string value) => value.Replace('\n', ' ').Replace('\r', ' ');
}
