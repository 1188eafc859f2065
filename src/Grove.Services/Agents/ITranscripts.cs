using Grove.Core.Domain;

namespace Grove.Services.Agents;

/// <summary>
/// A search hit with the names a person recognises: project, workspace and tab. <see cref="Snippet"/>
/// is plain text (not HTML) with each match between « and ».
/// </summary>
public sealed record TranscriptHit(
    string TabId, string TabName, string WorkspaceId, string WorkspaceName, string ProjectName, long Sequence, string Kind, string Snippet)
{
    /// <summary>"project/workspace · tab", for one line of a terminal or a list.</summary>
    public string Place => $"{ProjectName}/{WorkspaceName} · {TabName}";
}

/// <summary>
/// Reading tabs' stored transcripts and searching them, for every front end (UI, API, CLI).
/// Tab references are ids, <c>&lt;workspace&gt;:&lt;tab&gt;</c> or a workspace with one tab.
/// </summary>
public interface ITranscripts
{
    /// <summary>
    /// Sequence of the tab's newest stored event (0 when it has none). Sequences only increase and
    /// are never reused, but may have gaps where a superseded streaming checkpoint was dropped.
    /// </summary>
    Task<long> LastSequenceAsync(string tab, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stored events of the tab numbered after <paramref name="afterSequence"/>, oldest first, at most
    /// <paramref name="limit"/>. Never yields a superseded streaming checkpoint: a <c>partial</c> row is
    /// there only while its block has no final text (still streaming, or cut off by a crash or an interrupt).
    /// </summary>
    Task<IReadOnlyList<TranscriptEvent>> ReadAsync(string tab, long afterSequence = 0, int limit = 1000, CancellationToken cancellationToken = default);

    /// <summary>
    /// Full-text search over every transcript, best match first. An event a fork copied from its
    /// original tab is found once, in the original (in the fork only when the original no longer has it).
    /// </summary>
    Task<IReadOnlyList<TranscriptHit>> SearchAsync(string query, int limit = 50, CancellationToken cancellationToken = default);
}
