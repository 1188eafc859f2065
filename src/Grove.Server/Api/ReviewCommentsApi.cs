using Grove.Core.Review;
using Grove.Services.Review;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grove.Server.Api;

/// <summary>A new comment: <c>line</c> (and <c>endLine</c> for a range) in <c>path</c>; <c>side</c> new (default) or old; <c>quotedCode</c> what the diff showed (read from the file when left out).</summary>
public sealed record AddReviewCommentBody(string Path, int Line, string Body, int? EndLine = null, ReviewSide Side = ReviewSide.New, string? QuotedCode = null);

public sealed record EditReviewCommentBody(string Body);

/// <summary>Send the pending comments alone to <c>tab</c> (id or name), or to the workspace's most recently used tab.</summary>
public sealed record SendReviewCommentsBody(string? Tab = null);

public sealed record SendReviewCommentsResponse(string TabId, string TabName, int Count, bool Started, int QueuePosition);

/// <summary>
/// <c>/api/workspaces/{ws}/comments</c>: comments on diff lines that go to the agent with the next
/// message (list, add, edit, delete, send alone) — over <see cref="IReviewComments"/>.
/// </summary>
internal static class ReviewCommentsApi
{
    public static void MapReviewCommentsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/workspaces/{workspace}/comments").WithTags("Review comments");

        group.MapGet("/", async Task<Ok<IReadOnlyList<ReviewComment>>> (string workspace, bool? sent, IReviewComments comments, CancellationToken ct) =>
            TypedResults.Ok(await comments.ListAsync(workspace, sent ?? false, ct)));

        group.MapPost("/", async Task<Created<ReviewComment>> (string workspace, AddReviewCommentBody body, IReviewComments comments, CancellationToken ct) =>
        {
            var added = await comments.AddAsync(
                workspace,
                new NewReviewComment { Path = Require.Text(body.Path, "path"), StartLine = body.Line, EndLine = body.EndLine, Side = body.Side, QuotedCode = body.QuotedCode, Body = Require.Text(body.Body, "body") },
                ct);
            return TypedResults.Created($"/api/workspaces/{Uri.EscapeDataString(workspace)}/comments/{added.Id}", added);
        });

        group.MapPatch("/{id}", async Task<Ok<ReviewComment>> (string workspace, string id, EditReviewCommentBody body, IReviewComments comments, CancellationToken ct) =>
            TypedResults.Ok(await comments.EditAsync(workspace, id, Require.Text(body.Body, "body"), ct)));

        group.MapDelete("/{id}", async Task<NoContent> (string workspace, string id, IReviewComments comments, CancellationToken ct) =>
        {
            await comments.DeleteAsync(workspace, id, ct);
            return TypedResults.NoContent();
        });

        group.MapPost("/send", async Task<Accepted<SendReviewCommentsResponse>> (string workspace, SendReviewCommentsBody? body, IReviewComments comments, CancellationToken ct) =>
        {
            var sent = await comments.SendAsync(workspace, string.IsNullOrWhiteSpace(body?.Tab) ? null : body.Tab, ct);
            return TypedResults.Accepted(
                $"/api/tabs/{sent.TabId}/stream",
                new SendReviewCommentsResponse(sent.TabId, sent.TabName, sent.Count, sent.Outcome.Started, sent.Outcome.QueuePosition));
        });
    }
}
