using Grove.Core.Agents;

namespace Grove.Services.Agents;

/// <summary>
/// The kinds of agent a tab can run (one per registered driver): their program state for menus and
/// settings, the default for new tabs, and what each can do. Probing runs the programs, so the
/// list is kept for a short while; <c>refresh</c> probes again (settings' "Check again").
/// </summary>
public interface IAgentKinds
{
    /// <summary>The registered kinds (no probing), in registration order.</summary>
    IReadOnlyList<string> Kinds { get; }

    /// <summary>Every registered kind, the default first, each with its program's state.</summary>
    Task<IReadOnlyList<AgentKindInfo>> ListAsync(bool refresh = false, CancellationToken cancellationToken = default);

    /// <summary>The kind new tabs run when none is chosen: the <c>agents.default_kind</c> setting when registered, else <c>claude-code</c>.</summary>
    Task<string> DefaultKindAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// A registered kind (<paramref name="kind"/> trimmed), or the default for null/blank. Throws a
    /// NotFound <c>GroveException</c> naming the known kinds for any other.
    /// </summary>
    Task<string> ResolveAsync(string? kind, CancellationToken cancellationToken = default);

    /// <summary>The name users see for a kind ("Claude Code"); the kind itself when no probe names it. No probing.</summary>
    string DisplayNameOf(string kind);

    /// <summary>Model names to suggest for tabs of this kind (its driver names them); empty for an unknown kind. No probing.</summary>
    IReadOnlyList<string> ModelsOf(string kind);

    /// <summary>True when tabs of this kind can be forked at an earlier message (a forker exists for it).</summary>
    bool CanFork(string kind);
}
