namespace Grove.Web.State;

/// <summary>
/// Text for the composer from elsewhere on the page (the PR bar's "Fix" and "Send to agent", any
/// panel): the open composer subscribes and inserts it at its caret as editable text; the user
/// presses send. Scoped, so each browser tab has its own.
/// </summary>
public sealed class ComposerInbox
{
    /// <summary>Raised with the text to insert; <c>true</c> from a handler means it took the text.</summary>
    public event Func<ComposerInsert, Task<bool>>? Received;

    /// <summary>Hands <paramref name="text"/> to the composer of <paramref name="workspaceId"/>'s open tab; false when none is open.</summary>
    public async Task<bool> InsertAsync(string workspaceId, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Received is not { } handlers || text.Trim().Length == 0)
        {
            return false;
        }

        var taken = false;
        foreach (var handler in handlers.GetInvocationList().Cast<Func<ComposerInsert, Task<bool>>>())
        {
            taken |= await handler(new ComposerInsert(workspaceId, text));
        }

        return taken;
    }
}

/// <summary>Text for the composer of a workspace's open tab.</summary>
public sealed record ComposerInsert(string WorkspaceId, string Text);
