namespace Grove.Web.State;

/// <summary>
/// The page's layout as the browser reports it (layout.js): <see cref="Narrow"/> below
/// <see cref="NarrowQuery"/>, where the changes panel becomes a drawer over the conversation.
/// Scoped: one per browser tab.
/// </summary>
public sealed class LayoutState
{
    /// <summary>Keep in step with the media queries in grove.css.</summary>
    public const string NarrowQuery = "(max-width: 1099px)";

    public bool Narrow { get; internal set; }
}
