namespace Grove.Data.Stores;

/// <summary>
/// How <see cref="ITranscriptStore.SearchAsync"/> marks matches in <see cref="Core.Domain.TranscriptSearchHit.Snippet"/>.
/// The snippet is plain text (not HTML): escape it, then turn the markers into highlights.
/// </summary>
public static class TranscriptSnippet
{
    public const string HighlightStart = "«";
    public const string HighlightEnd = "»";
    public const string Ellipsis = "…";

    /// <summary>Tokens of context around the match.</summary>
    public const int MaxTokens = 16;
}
