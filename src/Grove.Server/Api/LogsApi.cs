using Grove.Core.Errors;
using Grove.Core.Logs;
using Grove.Services.Logging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grove.Server.Api;

/// <summary><c>GET /api/logs?level=warning&amp;lines=200</c>: the newest entries of Grove's file log (already redacted).</summary>
internal static class LogsApi
{
    public static void MapLogsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/logs").WithTags("Logs");
        group.MapGet("/", async Task<Ok<IReadOnlyList<LogEntry>>> (ILogFiles logs, string? level, int? lines, CancellationToken ct) =>
        {
            var minimum = level is null ? Microsoft.Extensions.Logging.LogLevel.Trace : GroveLogLevel.Parse(level);
            var count = lines ?? 200;
            if (count is < 1 or > 10_000)
            {
                throw new GroveException(ErrorKind.InvalidInput, "lines is a number from 1 to 10000.");
            }

            return TypedResults.Ok(await logs.ReadAsync(minimum, count, ct));
        });
    }
}
