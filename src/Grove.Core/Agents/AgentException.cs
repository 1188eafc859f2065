using Grove.Core.Errors;

namespace Grove.Core.Agents;

/// <summary>An agent could not be located, installed or started; carries the <see cref="AgentErrorKind"/>.</summary>
public sealed class AgentException(AgentErrorKind agentErrorKind, ErrorKind kind, string message, Exception? innerException = null)
    : GroveException(kind, message, innerException)
{
    public AgentErrorKind AgentErrorKind { get; } = agentErrorKind;

    /// <summary>
    /// The message without the program's name in front, for a view that shows the name beside it
    /// (settings, the new-tab menus): "Not installed (…)" rather than "Codex (codex) was not found…".
    /// The message itself when none was given.
    /// </summary>
    public string Reason { get; init; } = message;

    /// <summary>The program at <paramref name="path"/> runs but is older than <paramref name="minimum"/>.</summary>
    public static AgentException TooOld(string program, Version version, string path, string minimum, string installHint) =>
        new(AgentErrorKind.UnsupportedVersion, ErrorKind.Conflict, $"{program} {version} at {path} is older than the oldest supported version {minimum}; {installHint}.")
        {
            Reason = TooOldReason(version, path, minimum, installHint),
        };

    /// <summary>The too-old problem as it sits beside the program's name (settings, menus).</summary>
    public static string TooOldReason(Version version, string? path, string minimum, string installHint) =>
        $"Version {version}{(path is null ? "" : $" at {path}")} is older than the oldest supported ({minimum}); {installHint}.";

    /// <summary>No usable program: <paramref name="message"/> names it, <paramref name="reason"/> does not.</summary>
    public static AgentException Missing(string message, string reason, string installHint) =>
        new(AgentErrorKind.ExecutableMissing, ErrorKind.NotFound, $"{message}; {installHint}.")
        {
            Reason = $"{reason}; {installHint}.",
        };
}
