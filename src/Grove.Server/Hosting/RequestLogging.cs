using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Grove.Server.Hosting;

/// <summary>
/// One log line per request: method, path, status, time. Never the query string of <c>/login</c>
/// (it carries the token); other queries are logged with any <c>token</c> value redacted.
/// </summary>
internal sealed partial class RequestLogging(RequestDelegate next, ILogger<RequestLogging> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            LogRequest(logger, context.Request.Method, Describe(context.Request), context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    internal static string Describe(HttpRequest request)
    {
        if (!request.QueryString.HasValue)
        {
            return request.Path.Value ?? "/";
        }

        var parts = request.Query.Select(q => q.Key.Contains("token", StringComparison.OrdinalIgnoreCase) ? $"{q.Key}=[redacted]" : $"{q.Key}={q.Value}");
        return $"{request.Path.Value}?{string.Join('&', parts)}";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Target} → {Status} in {Milliseconds:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string target, int status, double milliseconds);
}
