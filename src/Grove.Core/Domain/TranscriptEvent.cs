namespace Grove.Core.Domain;

/// <summary>
/// One row of a tab's append-only transcript. <see cref="Sequence"/> is unique per tab and
/// increases by one per event; <see cref="PayloadJson"/> is the event as JSON; <see cref="Text"/>
/// is the human-readable text that is indexed for search (may be null).
/// </summary>
public sealed record TranscriptEvent
{
    public required string TabId { get; init; }
    public long Sequence { get; init; }
    public required string Kind { get; init; }
    public required string PayloadJson { get; init; }
    public string? Text { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A full-text search hit over transcripts.</summary>
public sealed record TranscriptSearchHit(string TabId, long Sequence, string Kind, string Snippet);
