namespace Grove.Agents.Codex;

/// <summary>A usable <c>codex</c> program: where it is, its version, and which place it was found in.</summary>
public sealed record CodexInstallation(string ExecutablePath, Version Version, string Source);

/// <summary>Finds the Codex CLI and checks its version.</summary>
public interface ICodexLocator
{
    /// <summary>
    /// The first supported <c>codex</c> in: the configured path, <c>GROVE_CODEX_PATH</c>, PATH, npm's
    /// global prefix, nvm's node versions, Grove's own install. Throws an
    /// <see cref="Grove.Core.Agents.AgentException"/> (ExecutableMissing or UnsupportedVersion)
    /// whose message says how to install it.
    /// </summary>
    Task<CodexInstallation> LocateAsync(CancellationToken cancellationToken);

    /// <summary>The version a given program reports, or null when it does not run or prints no version.</summary>
    Task<Version?> GetVersionAsync(string executablePath, CancellationToken cancellationToken);
}
