using Grove.Web.State;
using Microsoft.AspNetCore.Components;

namespace Grove.Web.Components.Composer;

/// <summary>Text other panels hand to the composer (<see cref="ComposerInbox"/>): inserted at the caret, editable, not sent.</summary>
public sealed partial class Composer
{
    [Inject] private ComposerInbox Inbox { get; set; } = null!;

    private void SubscribeInbox() => Inbox.Received += OnInboxAsync;

    private void UnsubscribeInbox() => Inbox.Received -= OnInboxAsync;

    private async Task<bool> OnInboxAsync(ComposerInsert insert)
    {
        if (_disposed || (WorkspaceId is not null && insert.WorkspaceId != WorkspaceId))
        {
            return false;
        }

        await InvokeAsync(() => InsertAtCaretAsync(insert.Text, inline: false));
        return true;
    }

    /// <summary>The one way text from elsewhere (other panels, voice) goes into the box: at the caret, kept as a draft, caret after it.</summary>
    private async Task InsertAtCaretAsync(string text, bool inline)
    {
        (_text, _caret) = inline ? InsertInline(_text, _caret, text) : InsertAt(_text, _caret, text);
        Drafts.Set(TabId, _text, _attachments);
        await CallAsync("setText", _textarea, _text, _caret);
        StateHasChanged();
    }

    /// <summary>
    /// <paramref name="insert"/> at <paramref name="caret"/> as part of the sentence (dictation): a space
    /// on either side where a word touches it; returns the new text and the caret just after it.
    /// </summary>
    internal static (string Text, int Caret) InsertInline(string text, int caret, string insert)
    {
        caret = Math.Clamp(caret, 0, text.Length);
        var words = insert.Trim();
        var head = caret > 0 && !char.IsWhiteSpace(text[caret - 1]) ? text[..caret] + " " : text[..caret];
        var tail = caret < text.Length && !char.IsWhiteSpace(text[caret]) ? " " + text[caret..] : text[caret..];
        return (head + words + tail, head.Length + words.Length);
    }

    /// <summary>
    /// <paramref name="insert"/> at <paramref name="caret"/>, set off from the text around it by a blank
    /// line; returns the new text and the caret just after the inserted part.
    /// </summary>
    internal static (string Text, int Caret) InsertAt(string text, int caret, string insert)
    {
        caret = Math.Clamp(caret, 0, text.Length);
        var before = text[..caret].TrimEnd();
        var after = text[caret..].TrimStart();
        var block = insert.Trim();
        var head = before.Length == 0 ? "" : before + "\n\n";
        var tail = after.Length == 0 ? "\n" : "\n\n" + after;
        return (head + block + tail, head.Length + block.Length + 1);
    }
}
