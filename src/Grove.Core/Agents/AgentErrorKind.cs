namespace Grove.Core.Agents;

/// <summary>Why an agent failed, for the UI to branch on (retry, sign in, clear the session…).</summary>
public enum AgentErrorKind
{
    /// <summary>Not classified.</summary>
    Unknown,

    /// <summary>No credentials: Claude says "Not logged in".</summary>
    NotLoggedIn,

    /// <summary>The API rejected the key or token (401).</summary>
    InvalidApiKey,

    /// <summary>Too many requests (429).</summary>
    RateLimit,

    /// <summary>The API is overloaded (529).</summary>
    Overloaded,

    /// <summary>The request was refused under the usage policy.</summary>
    UsagePolicy,

    /// <summary>The session to resume does not exist (any more); clear the stored session id.</summary>
    SessionNotFound,

    /// <summary>The agent program is not installed or could not be started.</summary>
    ExecutableMissing,

    /// <summary>The installed agent program is older than Grove supports.</summary>
    UnsupportedVersion,

    /// <summary>The process ended while Grove still needed it.</summary>
    ProcessExited,

    /// <summary>The agent could not reach the API.</summary>
    Network,

    /// <summary>The agent printed something Grove could not read; the line was skipped.</summary>
    MalformedOutput,
}
