namespace Grove.Agents.ClaudeCode;

/// <summary>The kind and the name of the Claude Code agent, as tabs store and users see them.</summary>
public static class ClaudeCodeKind
{
    public const string Kind = "claude-code";

    public const string DisplayName = "Claude Code";
}
