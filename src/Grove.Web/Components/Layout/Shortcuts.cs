using Grove.Web.State;

namespace Grove.Web.Components.Layout;

/// <summary>
/// One keyboard shortcut. <see cref="Code"/> is the physical key (<c>KeyboardEvent.code</c>,
/// layout independent) pressed with Alt+Shift (⌥⇧ on a Mac); <see cref="Key"/> is a typed
/// character used alone, only when focus is not in a text field.
/// </summary>
public sealed record Shortcut(string Command, string Label, string Description, string? Code = null, string? Key = null);

/// <summary>
/// Grove's shortcuts, in one table: shortcuts.js matches keys against it and the help dialog lists
/// it. Alt+Shift combinations because browsers keep Ctrl+N/T/W (and Ctrl+Shift+N/T/W) for themselves.
/// </summary>
public static class Shortcuts
{
    public static IReadOnlyList<Shortcut> All { get; } =
    [
        new(UiCommand.NewWorkspace, "Alt+Shift+N", "New workspace", Code: "KeyN"),
        new(UiCommand.NextWorkspace, "Alt+Shift+↓", "Next workspace", Code: "ArrowDown"),
        new(UiCommand.PreviousWorkspace, "Alt+Shift+↑", "Previous workspace", Code: "ArrowUp"),
        new(UiCommand.NewTab, "Alt+Shift+T", "New agent tab", Code: "KeyT"),
        new(UiCommand.NextTab, "Alt+Shift+→", "Next tab", Code: "ArrowRight"),
        new(UiCommand.PreviousTab, "Alt+Shift+←", "Previous tab", Code: "ArrowLeft"),
        new(UiCommand.FocusComposer, "Alt+Shift+C", "Focus the message box", Code: "KeyC"),
        new(UiCommand.Stop, "Alt+Shift+S", "Stop the running turn (Esc in the message box)", Code: "KeyS"),
        new(UiCommand.ToggleChanges, "Alt+Shift+D", "Show or hide changes", Code: "KeyD"),
        new(UiCommand.ToggleTerminal, "Alt+Shift+`", "Show or hide the terminals", Code: "Backquote"),
        new(UiCommand.ApprovePlan, "Alt+Shift+A", "Approve the plan (implement it)", Code: "KeyA"),
        new(UiCommand.Search, "Alt+Shift+F", "Search workspaces", Code: "KeyF"),
        new(UiCommand.ShowShortcuts, "?", "Show these shortcuts", Key: "?"),
    ];

    /// <summary>Keys that work inside the message box, listed in the help dialog too.</summary>
    public static IReadOnlyList<(string Label, string Description)> ComposerKeys { get; } =
    [
        ("Enter", "Send (queued while a turn runs)"),
        ("Shift+Enter", "New line"),
        ("Esc", "Stop the running turn"),
        ("/", "Commands: /plan, /agent, /clear and the project's .claude/commands"),
        ("@", "Mention a file of the workspace"),
        ("↑ ↓ Tab", "Move in and choose from the menu"),
        ("Hold Ctrl+Shift+Space", "Talk (or hold the mic button): release to put the text at the cursor, Esc cancels"),
    ];
}
