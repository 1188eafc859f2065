using Grove.Core.Domain;

namespace Grove.Cli.Commands.Run;

/// <summary>
/// One <c>grove run</c> as parsed from the command line; <c>null</c> options leave the tab as it is.
/// <see cref="AgentKind"/> picks the tab (the workspace's tab of that kind, or a new one); it never changes a tab's agent.
/// </summary>
internal sealed record RunRequest(string Workspace, string? Tab, string Prompt, AgentMode? Mode, string? Model, PermissionMode? PermissionMode, int? MaxTurns = null, string? AgentKind = null)
{
    /// <summary>True when the command asks to change the tab's mode, model, permission mode or max turns.</summary>
    public bool ChangesTab => Mode is not null || Model is not null || PermissionMode is not null || MaxTurns is not null;

    /// <summary>The tab's max turns after this command: 0 removes the cap, null keeps the tab's.</summary>
    public int? MaxTurnsFor(int? current) => MaxTurns switch
    {
        null => current,
        0 => null,
        var n => n,
    };
}
