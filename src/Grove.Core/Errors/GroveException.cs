namespace Grove.Core.Errors;

/// <summary>
/// What went wrong, in words a caller can branch on. The CLI maps each to a named exit code in
/// one place; the server maps each to an HTTP status.
/// </summary>
public enum ErrorKind
{
    /// <summary>Anything not classified below.</summary>
    Unexpected,

    /// <summary>Input that fails validation (bad name, bad ref, not a folder…).</summary>
    InvalidInput,

    /// <summary>A project, workspace, tab or file that does not exist.</summary>
    NotFound,

    /// <summary>Something with that name or path already exists (branch, workspace, folder).</summary>
    AlreadyExists,

    /// <summary>A path or argument that would escape confinement or inject options.</summary>
    SecurityViolation,

    /// <summary>git is not installed or not on PATH.</summary>
    GitMissing,

    /// <summary>git ran and failed.</summary>
    GitFailed,

    /// <summary>The working tree has changes that the operation would lose.</summary>
    DirtyTree,

    /// <summary>The operation conflicts with the current state (archived, protected branch…).</summary>
    Conflict,

    /// <summary>The database was written by a newer Grove.</summary>
    DatabaseTooNew,

    /// <summary>The database could not be read or migrated.</summary>
    Storage,

    /// <summary>An operation ran out of time.</summary>
    Timeout,

    /// <summary>An outside service (GitHub) needs a token, or refused the one it got (401/403).</summary>
    AuthRequired,

    /// <summary>An outside service's rate limit is spent; the message says when it resets.</summary>
    RateLimited,

    /// <summary>An outside service could not be reached (DNS, connection, TLS).</summary>
    Network,

    /// <summary>The feature does not apply here (a project whose remote is not on GitHub, or has no remote).</summary>
    Unsupported,

    /// <summary>A spend budget is used up: the turn was not started (nothing was sent to the model).</summary>
    BudgetReached,
}

/// <summary>The base of every error Grove raises on purpose. Its message is one clear line.</summary>
public class GroveException : Exception
{
    public GroveException(ErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public ErrorKind Kind { get; }
}

/// <summary>A refused path or argument: confinement or option-injection checks failed.</summary>
public sealed class SecurityViolationException(string message)
    : GroveException(ErrorKind.SecurityViolation, message);

/// <summary>A git command that failed, with its exit code, arguments and the tail of stderr.</summary>
public sealed class GitCommandException : GroveException
{
    public GitCommandException(ErrorKind kind, string message, int exitCode, IReadOnlyList<string> arguments, string standardError)
        : base(kind, message)
    {
        ExitCode = exitCode;
        Arguments = arguments;
        StandardError = standardError;
    }

    public int ExitCode { get; }

    public IReadOnlyList<string> Arguments { get; }

    public string StandardError { get; }
}
