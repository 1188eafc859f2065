using Grove.Core.Changes;
using Grove.Services.Changes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grove.Server.Api;

public sealed record PathsBody(IReadOnlyList<string> Paths);

public sealed record CommitBody(string Message, IReadOnlyList<string>? Paths = null, bool All = false);

public sealed record CommitResponse(string Sha);

public sealed record PushResponse(IReadOnlyList<string> Progress);

/// <summary><c>/api/workspaces/{ws}/changes</c>: status, diff summary, unified diff, stage/unstage/discard, commit, push, history.</summary>
internal static class ChangesApi
{
    public static void MapChangesApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/workspaces/{workspace}/changes").WithTags("Changes");

        group.MapGet("/", async Task<Ok<WorkingTreeStatus>> (string workspace, IWorkspaceChanges changes, CancellationToken ct) =>
            TypedResults.Ok(await changes.GetStatusAsync(workspace, ct)));

        group.MapGet("/summary", async Task<Ok<DiffSummary>> (string workspace, IWorkspaceChanges changes, CancellationToken ct) =>
            TypedResults.Ok(await changes.GetDiffSummaryAsync(workspace, ct)));

        // At most ?max=N characters (whole lines; default 4 M) of a diff that may be huge, so the
        // server never holds a huge diff whole; the headers say whether it was cut and how big it is.
        group.MapGet("/diff", async Task<ContentHttpResult> (string workspace, string? path, int? max, HttpResponse response, IWorkspaceChanges changes, CancellationToken ct) =>
        {
            var file = string.IsNullOrEmpty(path) ? null : path;
            var preview = await changes.GetDiffPreviewAsync(workspace, file, Require.Range(max, DiffPreview.LargeMaxChars, 1024, 64 * 1024 * 1024, "max"), ct);
            response.Headers["X-Grove-Diff-Truncated"] = preview.Truncated ? "true" : "false";
            response.Headers["X-Grove-Diff-Length"] = preview.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Text(preview.Text, "text/x-diff; charset=utf-8");
        });

        group.MapPost("/stage", async Task<NoContent> (string workspace, PathsBody body, IWorkspaceChanges changes, CancellationToken ct) =>
        {
            await changes.StageAsync(workspace, Require.Paths(body.Paths), ct);
            return TypedResults.NoContent();
        });

        group.MapPost("/unstage", async Task<NoContent> (string workspace, PathsBody body, IWorkspaceChanges changes, CancellationToken ct) =>
        {
            await changes.UnstageAsync(workspace, Require.Paths(body.Paths), ct);
            return TypedResults.NoContent();
        });

        group.MapPost("/discard", async Task<NoContent> (string workspace, PathsBody body, IWorkspaceChanges changes, CancellationToken ct) =>
        {
            await changes.DiscardAsync(workspace, Require.Paths(body.Paths), ct);
            return TypedResults.NoContent();
        });

        group.MapPost("/commit", async Task<Ok<CommitResponse>> (string workspace, CommitBody body, IWorkspaceChanges changes, CancellationToken ct) =>
            TypedResults.Ok(new CommitResponse(await changes.CommitAsync(workspace, Require.Text(body.Message, "message"), body.Paths, body.All, ct))));

        group.MapPost("/push", async Task<Ok<PushResponse>> (string workspace, IWorkspaceChanges changes, CancellationToken ct) =>
        {
            var progress = new List<string>();
            await changes.PushAsync(workspace, line =>
            {
                lock (progress)
                {
                    progress.Add(line);
                }
            }, ct);
            return TypedResults.Ok(new PushResponse(progress));
        });

        group.MapGet("/history", async Task<Ok<IReadOnlyList<CommitInfo>>> (string workspace, int? limit, IWorkspaceChanges changes, CancellationToken ct) =>
            TypedResults.Ok(await changes.GetHistoryAsync(workspace, Require.Range(limit, 50, 1, 1000, "limit"), ct)));

        group.MapGet("/branches", async Task<Ok<IReadOnlyList<BranchInfo>>> (string workspace, IWorkspaceChanges changes, CancellationToken ct) =>
            TypedResults.Ok(await changes.ListBranchesAsync(workspace, ct)));
    }
}
