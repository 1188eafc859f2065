using Grove.Core.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Grove.Server.Errors;

/// <summary>
/// Turns exceptions into ProblemDetails at the edge: a <see cref="GroveException"/> by its kind,
/// a malformed request as 400, anything else as a 500 without internals.
/// </summary>
internal sealed partial class GroveExceptionHandler(IProblemDetailsService problems, ILogger<GroveExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var details = exception switch
        {
            GroveException grove => new ProblemDetails
            {
                Status = ErrorMapping.StatusFor(grove.Kind),
                Title = ErrorMapping.TitleFor(grove.Kind),
                Detail = grove.Message,
                Extensions = { ["errorKind"] = ErrorMapping.Code(grove.Kind) },
            },
            BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Title = "Bad request", Detail = bad.Message },
            _ => new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "Unexpected error", Detail = "The server failed; see its log." },
        };

        if (details.Status == StatusCodes.Status500InternalServerError)
        {
            // A handled exception is not logged by the framework (.NET 10): the "see its log" above is kept here,
            // and an error entry is also what sends a crash report when reports are on.
            LogUnexpected(logger, httpContext.Request.Method, httpContext.Request.Path.Value ?? "/", exception);
        }

        httpContext.Response.StatusCode = details.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, string method, string path, Exception exception);
}
