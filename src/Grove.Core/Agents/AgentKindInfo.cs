namespace Grove.Core.Agents;

/// <summary>
/// One kind of agent a tab can run, for the "new tab" menus, settings, <c>grove agents</c> and
/// <c>GET /api/agents</c>: its program's state (<see cref="Usable"/>, else <see cref="Problem"/> says
/// why and how to fix it), how it would sign in, and what Grove can do with it.
/// </summary>
/// <param name="Kind">The stable kind stored on tabs, e.g. <c>claude-code</c>.</param>
/// <param name="DisplayName">The name users see, e.g. "Claude Code".</param>
/// <param name="IsDefault">The kind new tabs get when none is chosen (setting <c>agents.default_kind</c>).</param>
/// <param name="CanFork">Tabs of this kind can be forked at an earlier message.</param>
public sealed record AgentKindInfo(
    string Kind,
    string DisplayName,
    bool IsDefault,
    bool Usable,
    string? Path,
    string? Version,
    string? Source,
    string? Auth,
    string? Problem,
    bool CanFork)
{
    /// <summary>Model names to suggest for this kind's tabs (Claude's aliases, Codex's catalog); a tab may name another.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>A short label for a tab, e.g. "Claude" for "Claude Code".</summary>
    public string ShortName => ShortNameOf(DisplayName);

    /// <summary>The first word of a display name ("Claude Code" → "Claude").</summary>
    public static string ShortNameOf(string displayName)
    {
        var space = displayName.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 ? displayName[..space] : displayName;
    }
}
