using Grove.Core.Errors;

namespace Grove.Cli;

/// <summary>Every exit code the <c>grove</c> command uses, in one place.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int NotFound = 3;
    public const int AlreadyExists = 4;
    public const int InvalidInput = 5;
    public const int GitMissing = 6;
    public const int GitFailed = 7;
    public const int DirtyTree = 8;
    public const int Conflict = 9;
    public const int SecurityViolation = 10;
    public const int DatabaseTooNew = 11;
    public const int Storage = 12;
    public const int Timeout = 13;

    /// <summary>The agent's turn ended in an error (API, process, login…).</summary>
    public const int AgentFailed = 14;

    /// <summary>A command that needs <c>grove serve</c> found no running server.</summary>
    public const int ServerNotRunning = 15;

    /// <summary>An outside service (GitHub) needs a token or refused it.</summary>
    public const int AuthRequired = 16;

    /// <summary>An outside service's rate limit is used up.</summary>
    public const int RateLimited = 17;

    /// <summary>An outside service could not be reached.</summary>
    public const int Network = 18;

    /// <summary>The feature does not apply here (e.g. pull requests on a remote that is not GitHub).</summary>
    public const int Unsupported = 19;

    /// <summary><c>grove doctor</c> found problems it did not fix.</summary>
    public const int DoctorFoundIssues = 20;

    /// <summary>A spend budget is used up; the turn did not start.</summary>
    public const int BudgetReached = 21;

    public const int Cancelled = 130;

    public static int For(ErrorKind kind) => kind switch
    {
        ErrorKind.NotFound => NotFound,
        ErrorKind.AlreadyExists => AlreadyExists,
        ErrorKind.InvalidInput => InvalidInput,
        ErrorKind.GitMissing => GitMissing,
        ErrorKind.GitFailed => GitFailed,
        ErrorKind.DirtyTree => DirtyTree,
        ErrorKind.Conflict => Conflict,
        ErrorKind.SecurityViolation => SecurityViolation,
        ErrorKind.DatabaseTooNew => DatabaseTooNew,
        ErrorKind.Storage => Storage,
        ErrorKind.Timeout => Timeout,
        ErrorKind.AuthRequired => AuthRequired,
        ErrorKind.RateLimited => RateLimited,
        ErrorKind.Network => Network,
        ErrorKind.Unsupported => Unsupported,
        ErrorKind.BudgetReached => BudgetReached,
        _ => Failure,
    };
}
