using Grove.Core.Domain;

namespace Grove.Cli.Commands.Run;

/// <summary>
/// One <c>grove run</c> as parsed from the command line; <c>null</c> options leave the tab as it is.
/// </summary>
internal sealed record RunRequest(string Workspace, string? Tab, string Prompt, AgentMode? Mode, string? Model, PermissionMode? PermissionMode)
{
    /// <summary>True when the command asks to change the tab's mode, model or permission mode.</summary>
    public bool ChangesTab => Mode is not null || Model is not null || PermissionMode is not null;
}
