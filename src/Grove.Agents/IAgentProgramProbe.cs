namespace Grove.Agents;

/// <summary>
/// What Grove knows about one kind of agent's program without starting a session: whether it is
/// installed and usable, where, which version, and how it is signed in. Each driver folder
/// registers one (<c>TryAddEnumerable</c>) beside its <see cref="IAgentDriver"/>, with the same
/// <see cref="Kind"/>; settings, <c>grove setup</c> and the "new tab" menus list them.
/// </summary>
public interface IAgentProgramProbe
{
    /// <summary>The driver kind, e.g. <c>claude-code</c> or <c>codex</c>.</summary>
    string Kind { get; }

    /// <summary>The name users see, e.g. "Claude Code" or "Codex".</summary>
    string DisplayName { get; }

    /// <summary>Model names to suggest for this kind's tabs (aliases first); empty when it names none. No probing.</summary>
    IReadOnlyList<string> Models => [];

    /// <summary>Locates the program and reads its version and auth state; never throws for a missing program.</summary>
    Task<AgentProgramStatus> ProbeAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// One agent program's state. <see cref="Problem"/> is a one-line reason when it is not usable
/// (not installed, too old) and says how to fix it; <see cref="Auth"/> is a short description of
/// how it will authenticate (e.g. "API key from settings", "signed in with ChatGPT", "not signed in").
/// </summary>
public sealed record AgentProgramStatus(
    string Kind,
    string DisplayName,
    bool Usable,
    string? Path,
    string? Version,
    string? Source,
    string? Auth,
    string? Problem);
