using Grove.Core.Errors;
using Grove.Services.PullRequests;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grove.Server.Api;

public sealed record CreatePullRequestBody(string? Title = null, string? Body = null, bool Draft = false, string? Base = null);

public sealed record CreatePullRequestResponse(PullRequestInfo PullRequest, bool AlreadyExisted, IReadOnlyList<string> Progress);

/// <summary>How to merge: <c>squash</c> (default), <c>merge</c> or <c>rebase</c>; optionally delete the remote branch.</summary>
public sealed record MergePullRequestBody(string? Method = null, bool DeleteBranch = false);

/// <summary>
/// <c>/api/workspaces/{ws}/pr</c>: status, create, merge, checks, review comments and threads — over <see cref="IPullRequests"/>;
/// <c>/api/github/auth[?workspace=]</c>: which token source Grove would use (the source's name, never the token).
/// </summary>
internal static class PullRequestsApi
{
    public static void MapPullRequestsApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/github/auth", async Task<Ok<GitHubAuthStatus>> (string? workspace, IPullRequests pullRequests, CancellationToken ct) =>
            TypedResults.Ok(await pullRequests.GetAuthAsync(string.IsNullOrWhiteSpace(workspace) ? null : workspace, ct))).WithTags("Pull requests");

        var group = api.MapGroup("/workspaces/{workspace}/pr").WithTags("Pull requests");

        group.MapGet("/", async Task<Ok<PullRequestStatus>> (string workspace, bool? refresh, IPullRequests pullRequests, CancellationToken ct) =>
            TypedResults.Ok(await pullRequests.GetStatusAsync(workspace, refresh ?? false, ct)));

        group.MapPost("/", async Task<Ok<CreatePullRequestResponse>> (string workspace, CreatePullRequestBody? body, IPullRequests pullRequests, CancellationToken ct) =>
        {
            var progress = new List<string>();
            body ??= new CreatePullRequestBody();
            var created = await pullRequests.CreateAsync(workspace, new PullRequestCreateOptions(body.Title, body.Body, body.Draft, body.Base), line =>
            {
                lock (progress)
                {
                    progress.Add(line);
                }
            }, ct);
            return TypedResults.Ok(new CreatePullRequestResponse(created.PullRequest, created.AlreadyExisted, progress));
        });

        group.MapPost("/merge", async Task<Ok<PullRequestMerged>> (string workspace, MergePullRequestBody? body, IPullRequests pullRequests, CancellationToken ct) =>
            TypedResults.Ok(await pullRequests.MergeAsync(workspace, MethodOf(body?.Method), body?.DeleteBranch ?? false, ct)));

        group.MapGet("/checks", async Task<Ok<IReadOnlyList<PullRequestCheck>>> (string workspace, IPullRequests pullRequests, CancellationToken ct) =>
            TypedResults.Ok(await pullRequests.GetChecksAsync(workspace, ct)));

        group.MapGet("/comments", async Task<Ok<IReadOnlyList<PullRequestComment>>> (string workspace, IPullRequests pullRequests, CancellationToken ct) =>
            TypedResults.Ok(await pullRequests.GetCommentsAsync(workspace, ct)));

        group.MapGet("/threads", async Task<Ok<IReadOnlyList<PullRequestReviewThread>>> (string workspace, IPullRequests pullRequests, CancellationToken ct) =>
            TypedResults.Ok(await pullRequests.GetReviewThreadsAsync(workspace, ct)));
    }

    private static PullRequestMergeMethod MethodOf(string? method) => method?.Trim().ToLowerInvariant() switch
    {
        null or "" or "squash" => PullRequestMergeMethod.Squash,
        "merge" => PullRequestMergeMethod.Merge,
        "rebase" => PullRequestMergeMethod.Rebase,
        _ => throw new GroveException(ErrorKind.InvalidInput, $"'method' is squash, merge or rebase, not '{method}'."),
    };
}
