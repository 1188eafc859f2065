namespace Grove.Web.State;

/// <summary>Names of page-wide commands (keyboard shortcuts, menus) that components react to.</summary>
public static class UiCommand
{
    public const string NewWorkspace = "new-workspace";
    public const string NextWorkspace = "next-workspace";
    public const string PreviousWorkspace = "previous-workspace";
    public const string NextTab = "next-tab";
    public const string PreviousTab = "previous-tab";
    public const string NewTab = "new-tab";
    public const string Stop = "stop";
    public const string FocusComposer = "focus-composer";
    public const string ToggleChanges = "toggle-changes";
    public const string ToggleTerminal = "toggle-terminal";
    public const string ApprovePlan = "approve-plan";
    public const string ShowShortcuts = "show-shortcuts";
    public const string Search = "search";

    /// <summary>Esc or a click outside: close the drawers of the narrow layout.</summary>
    public const string ClosePanels = "close-panels";

    /// <summary>The window became narrow (layout.js): the changes panel closes so the conversation shows.</summary>
    public const string NarrowLayout = "narrow-layout";

    /// <summary>The window became wide again (layout.js): a changes panel the narrowing closed comes back.</summary>
    public const string WideLayout = "wide-layout";

    /// <summary>Projects or workspaces were added or changed: lists re-read them.</summary>
    public const string WorkspacesChanged = "workspaces-changed";
}

/// <summary>
/// One circuit's command bus: a shortcut (from grove.js) or a button raises a command; the
/// components that own the behaviour subscribe. Scoped, so each browser tab has its own.
/// </summary>
public sealed class UiCommands
{
    public event Func<string, Task>? Invoked;

    public async Task RaiseAsync(string command)
    {
        if (Invoked is { } handlers)
        {
            foreach (var handler in handlers.GetInvocationList().Cast<Func<string, Task>>())
            {
                await handler(command);
            }
        }
    }
}
