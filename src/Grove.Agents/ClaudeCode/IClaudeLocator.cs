namespace Grove.Agents.ClaudeCode;

/// <summary>A usable <c>claude</c> program: where it is, its version, and which place it was found in.</summary>
public sealed record ClaudeInstallation(string ExecutablePath, Version Version, string Source);

/// <summary>Finds the Claude Code CLI and checks its version.</summary>
public interface IClaudeLocator
{
    /// <summary>
    /// The first supported <c>claude</c> in: the configured path, PATH, npm's global prefix,
    /// <c>~/.claude/local</c>, nvm's node versions, Grove's own install. Throws an
    /// <see cref="Grove.Core.Agents.AgentException"/> (ExecutableMissing or UnsupportedVersion)
    /// whose message says how to install it.
    /// </summary>
    Task<ClaudeInstallation> LocateAsync(CancellationToken cancellationToken);

    /// <summary>The version a given program reports, or null when it does not run or prints no version.</summary>
    Task<Version?> GetVersionAsync(string executablePath, CancellationToken cancellationToken);
}
