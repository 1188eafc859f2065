using Grove.Core.Errors;

namespace Grove.Server.Errors;

/// <summary>The one place a <see cref="ErrorKind"/> becomes an HTTP status and a title.</summary>
public static class ErrorMapping
{
    public static int StatusFor(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidInput => StatusCodes.Status400BadRequest,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.AlreadyExists or ErrorKind.Conflict or ErrorKind.DirtyTree => StatusCodes.Status409Conflict,
        ErrorKind.SecurityViolation => StatusCodes.Status403Forbidden,
        ErrorKind.GitFailed => StatusCodes.Status502BadGateway,
        ErrorKind.Timeout => StatusCodes.Status504GatewayTimeout,
        ErrorKind.RateLimited => StatusCodes.Status429TooManyRequests,
        // GitHub refusing its token is not Grove refusing the caller: no 401, which clients read as "log in to Grove".
        ErrorKind.AuthRequired or ErrorKind.Network => StatusCodes.Status502BadGateway,
        ErrorKind.Unsupported => StatusCodes.Status422UnprocessableEntity,
        ErrorKind.BudgetReached => StatusCodes.Status402PaymentRequired,
        ErrorKind.GitMissing or ErrorKind.DatabaseTooNew or ErrorKind.Storage => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static string TitleFor(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidInput => "Invalid input",
        ErrorKind.NotFound => "Not found",
        ErrorKind.AlreadyExists => "Already exists",
        ErrorKind.Conflict => "Conflict",
        ErrorKind.DirtyTree => "Uncommitted changes",
        ErrorKind.SecurityViolation => "Refused for safety",
        ErrorKind.GitMissing => "git is not installed",
        ErrorKind.GitFailed => "git failed",
        ErrorKind.Timeout => "Timed out",
        ErrorKind.DatabaseTooNew => "Database written by a newer Grove",
        ErrorKind.Storage => "Storage error",
        ErrorKind.AuthRequired => "An outside service needs a sign-in or refused it",
        ErrorKind.RateLimited => "Rate limit reached",
        ErrorKind.Network => "Could not reach the service",
        ErrorKind.Unsupported => "Not available here",
        ErrorKind.BudgetReached => "Budget reached",
        _ => "Unexpected error",
    };

    /// <summary>The <c>errorKind</c> extension value clients branch on (camelCase of the enum).</summary>
    public static string Code(ErrorKind kind) => char.ToLowerInvariant(kind.ToString()[0]) + kind.ToString()[1..];
}
