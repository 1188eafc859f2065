namespace Grove.Web.Components.Composer;

/// <summary>An image waiting in the composer: the bytes to send and a small preview to show.</summary>
public sealed record ComposerAttachment(string Id, string Name, string MediaType, byte[] Data, string? Thumbnail);

/// <summary>What a tab's composer held when the user left it.</summary>
public sealed record ComposerDraft(string Text, IReadOnlyList<ComposerAttachment> Attachments);

/// <summary>
/// Unsent text and images per tab for one browser tab (circuit), so switching tabs keeps them.
/// The text also goes to localStorage (composer.js) so a reload keeps it; images stay in memory.
/// </summary>
public sealed class ComposerDrafts
{
    private readonly Dictionary<string, ComposerDraft> _drafts = new(StringComparer.Ordinal);

    public ComposerDraft? Get(string tabId)
    {
        lock (_drafts)
        {
            return _drafts.GetValueOrDefault(tabId);
        }
    }

    public void Set(string tabId, string text, IReadOnlyList<ComposerAttachment> attachments)
    {
        lock (_drafts)
        {
            if (text.Length == 0 && attachments.Count == 0)
            {
                _drafts.Remove(tabId);
            }
            else
            {
                _drafts[tabId] = new ComposerDraft(text, [.. attachments]);
            }
        }
    }

    public void Remove(string tabId)
    {
        lock (_drafts)
        {
            _drafts.Remove(tabId);
        }
    }
}
