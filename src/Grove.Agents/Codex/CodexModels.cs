namespace Grove.Agents.Codex;

/// <summary>The models Codex offers, for suggestions in menus.</summary>
internal static class CodexModels
{
    /// <summary>
    /// Codex 0.171.0's built-in catalog as its app-server's <c>model/list</c> answers (not hidden,
    /// the default first), recorded with the pinned CLI; a tab may name any other model.
    /// </summary>
    public static IReadOnlyList<string> Known { get; } =
    [
        "gpt-6.2-sol", "gpt-6.2-astra", "gpt-6.1-terra", "gpt-6.1-sol", "gpt-6-astra", "gpt-6-sol", "gpt-6-luna",
        "gpt-5.6-sol", "gpt-5.6-terra", "gpt-5.6-luna", "gpt-5.5",
    ];
}
