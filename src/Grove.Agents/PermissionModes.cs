namespace Grove.Agents;

/// <summary>Permission modes a running agent can be switched to (Claude's names). Bypassing permissions is not among them.</summary>
public static class PermissionModes
{
    /// <summary>Ask before every tool that changes something.</summary>
    public const string Default = "default";

    /// <summary>File edits in the worktree run without asking; other tools still ask.</summary>
    public const string AcceptEdits = "acceptEdits";

    /// <summary>Read-only planning; edits ask (and are refused unless allowed), ExitPlanMode presents the plan.</summary>
    public const string Plan = "plan";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal) { Default, AcceptEdits, Plan };
}
