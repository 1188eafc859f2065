using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Core.Review;
using Grove.Data.Stores;
using Grove.Services.Agents;
using Grove.Services.Workspaces;

namespace Grove.Services.Review;

internal sealed class ReviewComments(
    IReviewCommentStore store,
    IWorkspaceService workspaces,
    IAgentTabs tabs,
    IAgentRuns runs,
    ReviewCommentSignal signal) : IReviewComments
{
    /// <summary>Most lines one comment may cover, and most characters of its text and of its quote.</summary>
    public const int MaxLines = 500;
    public const int MaxBodyChars = 20_000;
    public const int MaxQuoteChars = 50_000;

    public event Action<string>? Changed
    {
        add => signal.Changed += value;
        remove => signal.Changed -= value;
    }

    public async Task<IReadOnlyList<ReviewComment>> ListAsync(string workspace, bool includeSent = false, CancellationToken cancellationToken = default)
    {
        var resolved = await workspaces.ResolveAsync(workspace, cancellationToken);
        var comments = await store.ListAsync(resolved.Id, includeSent, cancellationToken);
        return await ReviewCommentLines.MarkOutdatedAsync(resolved, comments, cancellationToken);
    }

    public async Task<ReviewComment> AddAsync(string workspace, NewReviewComment comment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(comment);
        var resolved = await workspaces.ResolveAsync(workspace, cancellationToken);
        var path = ReviewCommentLines.Normalize(resolved, comment.Path);
        var end = comment.EndLine ?? comment.StartLine;
        if (comment.StartLine < 1 || end < comment.StartLine)
        {
            throw new GroveException(ErrorKind.InvalidInput, $"Lines {comment.StartLine}-{end} are not a range of lines: the first is 1 or more and the last is not before it.");
        }

        if (end - comment.StartLine + 1 > MaxLines)
        {
            throw new GroveException(ErrorKind.InvalidInput, $"A comment covers at most {MaxLines} lines.");
        }

        var quote = comment.QuotedCode?.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');
        if (quote is null)
        {
            if (comment.Side == ReviewSide.Old)
            {
                throw new GroveException(ErrorKind.InvalidInput, "A comment on the old side of a diff needs the quoted lines.");
            }

            var lines = await ReviewCommentLines.ReadAsync(resolved, path, cancellationToken)
                ?? throw new GroveException(ErrorKind.NotFound, $"'{path}' is not a readable file in '{resolved.Name}'.");
            quote = ReviewCommentLines.Slice(lines, comment.StartLine, end)
                ?? throw new GroveException(ErrorKind.InvalidInput, $"'{path}' has {lines.Length} lines; line {end} is not one of them.");
        }

        if (quote.Length > MaxQuoteChars)
        {
            quote = quote[..MaxQuoteChars] + "\n…";
        }

        var stored = await store.AddAsync(
            new ReviewComment
            {
                Id = Ids.New("rc"),
                WorkspaceId = resolved.Id,
                Path = path,
                StartLine = comment.StartLine,
                EndLine = end,
                Side = comment.Side,
                QuotedCode = quote,
                Body = CheckBody(comment.Body),
            },
            cancellationToken);
        signal.Raise(resolved.Id);
        return stored;
    }

    public async Task<ReviewComment> EditAsync(string workspace, string id, string body, CancellationToken cancellationToken = default)
    {
        var (resolved, comment) = await FindAsync(workspace, id, cancellationToken);
        if (comment.SentAt is not null || !await store.UpdateBodyAsync(comment.Id, CheckBody(body), cancellationToken))
        {
            throw new GroveException(ErrorKind.Conflict, $"Review comment '{id}' was already sent to the agent; it can no longer be edited.");
        }

        signal.Raise(resolved.Id);
        var updated = await store.GetAsync(comment.Id, cancellationToken) ?? comment;
        return (await ReviewCommentLines.MarkOutdatedAsync(resolved, [updated], cancellationToken))[0];
    }

    public async Task DeleteAsync(string workspace, string id, CancellationToken cancellationToken = default)
    {
        var (resolved, comment) = await FindAsync(workspace, id, cancellationToken);
        await store.DeleteAsync(comment.Id, cancellationToken);
        signal.Raise(resolved.Id);
    }

    public async Task<ReviewCommentsSent> SendAsync(string workspace, string? tab = null, CancellationToken cancellationToken = default)
    {
        var resolved = await workspaces.ResolveAsync(workspace, cancellationToken);
        var pending = await store.ListAsync(resolved.Id, cancellationToken: cancellationToken);
        if (pending.Count == 0)
        {
            throw new GroveException(ErrorKind.InvalidInput, $"'{resolved.Name}' has no pending review comments to send.");
        }

        var target = await TargetTabAsync(resolved.Id, tab, cancellationToken);

        // An empty message: the pending comments are the whole message (the delivery in IAgentRuns attaches them).
        var outcome = await runs.SendAsync(target.Id, string.Empty, cancellationToken);
        return new ReviewCommentsSent(target.Id, target.Name, pending.Count, outcome);
    }

    public async Task<AgentTab> TargetTabAsync(string workspace, string? tab = null, CancellationToken cancellationToken = default)
    {
        var resolved = await workspaces.ResolveAsync(workspace, cancellationToken);
        var existing = await tabs.ListAsync(resolved.Id, cancellationToken);
        if (tab is not null)
        {
            return existing.FirstOrDefault(t => t.Id == tab)
                ?? existing.FirstOrDefault(t => string.Equals(t.Name, tab, StringComparison.OrdinalIgnoreCase))
                ?? throw new GroveException(ErrorKind.NotFound, $"'{resolved.Name}' has no tab '{tab}'. 'grove tabs' lists them.");
        }

        return existing.OrderByDescending(t => t.UpdatedAt).FirstOrDefault()
            ?? await tabs.CreateAsync(new CreateTabRequest { Workspace = resolved.Id }, cancellationToken);
    }

    private async Task<(Workspace Workspace, ReviewComment Comment)> FindAsync(string workspace, string id, CancellationToken cancellationToken)
    {
        var resolved = await workspaces.ResolveAsync(workspace, cancellationToken);
        var comment = await store.GetAsync(id, cancellationToken);
        return comment is not null && comment.WorkspaceId == resolved.Id
            ? (resolved, comment)
            : throw new GroveException(ErrorKind.NotFound, $"'{resolved.Name}' has no review comment '{id}'. 'grove comments {resolved.Name}' lists them.");
    }

    private static string CheckBody(string? body)
    {
        var text = body?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            throw new GroveException(ErrorKind.InvalidInput, "The comment is empty.");
        }

        return text.Length <= MaxBodyChars
            ? text
            : throw new GroveException(ErrorKind.InvalidInput, "A comment holds at most 20,000 characters.");
    }
}
