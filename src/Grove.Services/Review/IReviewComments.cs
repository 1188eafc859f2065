using Grove.Core.Review;
using Grove.Services.Agents;

namespace Grove.Services.Review;

/// <summary>A new comment on diff lines. <see cref="EndLine"/> null = one line.</summary>
public sealed record NewReviewComment
{
    /// <summary>The file, relative to the worktree.</summary>
    public required string Path { get; init; }

    public required int StartLine { get; init; }

    public int? EndLine { get; init; }

    public ReviewSide Side { get; init; } = ReviewSide.New;

    /// <summary>
    /// The lines as the person saw them in the diff. Null: read from the file in the worktree (new side
    /// only; the old side needs the quote).
    /// </summary>
    public string? QuotedCode { get; init; }

    public required string Body { get; init; }
}

/// <summary>What "send the comments on their own" did: to which tab, how many, started or queued.</summary>
public sealed record ReviewCommentsSent(string TabId, string TabName, int Count, SendOutcome Outcome);

/// <summary>
/// Comments on lines of a workspace's diff that go to the agent. Pending comments travel with the
/// next message sent to any tab of the workspace, whichever front end sends it (every send goes
/// through <see cref="IAgentRuns.SendAsync(string, string, IReadOnlyList{MessageImage}?, CancellationToken)"/>),
/// or on their own with <see cref="SendAsync"/>. Workspaces are addressed by id, name or project/name.
/// </summary>
public interface IReviewComments
{
    /// <summary>Raised with the workspace id after comments were added, edited, deleted or sent.</summary>
    event Action<string>? Changed;

    /// <summary>The workspace's pending comments (oldest first) with <see cref="ReviewComment.Outdated"/> filled in; sent ones too when asked.</summary>
    Task<IReadOnlyList<ReviewComment>> ListAsync(string workspace, bool includeSent = false, CancellationToken cancellationToken = default);

    Task<ReviewComment> AddAsync(string workspace, NewReviewComment comment, CancellationToken cancellationToken = default);

    /// <summary>Replaces a pending comment's text.</summary>
    Task<ReviewComment> EditAsync(string workspace, string id, string body, CancellationToken cancellationToken = default);

    Task DeleteAsync(string workspace, string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends the pending comments alone as one message to <paramref name="tab"/> (id or name in the
    /// workspace), or to the workspace's most recently used tab (a new one when it has none).
    /// </summary>
    Task<ReviewCommentsSent> SendAsync(string workspace, string? tab = null, CancellationToken cancellationToken = default);

    /// <summary>The tab <see cref="SendAsync"/> would send to (created when the workspace has none).</summary>
    Task<Core.Domain.AgentTab> TargetTabAsync(string workspace, string? tab = null, CancellationToken cancellationToken = default);
}
