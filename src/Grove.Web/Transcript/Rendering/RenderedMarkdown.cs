using Microsoft.AspNetCore.Components;

namespace Grove.Web.Transcript.Rendering;

/// <summary>
/// The HTML of one item's markdown, rendered again only when the text changes. Kept on the item,
/// so a message list renders it inline rather than through a component per message (a component
/// costs a circuit a few KB of render state, more than most messages).
/// </summary>
public sealed class RenderedMarkdown
{
    private string? _text;
    private string _html = string.Empty;

    /// <summary>The safe HTML of <paramref name="text"/> (see <see cref="MarkdownRenderer"/>).</summary>
    public MarkupString Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!string.Equals(text, _text, StringComparison.Ordinal))
        {
            _html = text.Length == 0 ? string.Empty : MarkdownRenderer.ToHtml(text);
            _text = text;
        }

        return new MarkupString(_html);
    }
}
