using Grove.Core.Domain;
using Grove.Services.Changes;
using Grove.Services.Workspaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grove.Server.Api;

public sealed record CreateWorkspaceBody(
    string Project, string? Name = null, string? Branch = null, string? Base = null,
    WorkspaceMode? Mode = null, bool NoFetch = false, bool NoSetup = false);

public sealed record CreateWorkspaceResponse(CreateWorkspaceResult Result, IReadOnlyList<string> Progress);

public sealed record ArchiveBody(bool RemoveWorktree = false, bool Force = false);

/// <summary>A workspace with its change counts (for the sidebar): files changed, lines added/deleted, ahead/behind.</summary>
public sealed record WorkspaceStats(Workspace Workspace, int ChangedFiles, int Added, int Deleted, int Ahead, int Behind, string? Error);

/// <summary><c>/api/workspaces</c>: list (optionally with change counts), create, get, archive, restore, delete.</summary>
internal static class WorkspacesApi
{
    public static void MapWorkspacesApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/workspaces").WithTags("Workspaces");

        group.MapGet("/", async Task<Results<Ok<IReadOnlyList<Workspace>>, Ok<IReadOnlyList<WorkspaceStats>>>> (
            string? project, bool? archived, bool? stats, IWorkspaceService workspaces, IWorkspaceChanges changes, CancellationToken ct) =>
        {
            var list = await workspaces.ListAsync(project, archived ?? false, ct);
            if (stats != true)
            {
                return TypedResults.Ok(list);
            }

            var summaries = await changes.GetSummariesAsync(list, ct);
            IReadOnlyList<WorkspaceStats> withStats = [.. summaries.Select(s => new WorkspaceStats(
                s.Workspace,
                s.Diff?.Files.Count ?? s.Status?.Files.Count ?? 0,
                s.Diff?.Files.Sum(f => f.Added) ?? 0,
                s.Diff?.Files.Sum(f => f.Deleted) ?? 0,
                s.Status?.Branch.Ahead ?? 0,
                s.Status?.Branch.Behind ?? 0,
                s.Error))];
            return TypedResults.Ok(withStats);
        });

        group.MapPost("/", async Task<Created<CreateWorkspaceResponse>> (CreateWorkspaceBody body, IWorkspaceService workspaces, CancellationToken ct) =>
        {
            var progress = new List<string>();
            var result = await workspaces.CreateAsync(
                new CreateWorkspaceRequest
                {
                    Project = Require.Text(body.Project, "project"),
                    Name = body.Name,
                    Branch = body.Branch,
                    Base = body.Base,
                    Mode = body.Mode ?? WorkspaceMode.Worktree,
                    NoFetch = body.NoFetch,
                    NoSetup = body.NoSetup,
                },
                line =>
                {
                    lock (progress)
                    {
                        progress.Add(line);
                    }
                },
                ct);
            return TypedResults.Created($"/api/workspaces/{result.Workspace.Id}", new CreateWorkspaceResponse(result, progress));
        });

        group.MapGet("/{workspace}", async Task<Ok<Workspace>> (string workspace, IWorkspaceService workspaces, CancellationToken ct) =>
            TypedResults.Ok(await workspaces.ResolveAsync(workspace, ct)));

        group.MapPost("/{workspace}/archive", async Task<Ok<Workspace>> (string workspace, ArchiveBody? body, IWorkspaceService workspaces, CancellationToken ct) =>
            TypedResults.Ok(await workspaces.ArchiveAsync(workspace, body?.RemoveWorktree ?? false, body?.Force ?? false, ct)));

        group.MapPost("/{workspace}/restore", async Task<Ok<Workspace>> (string workspace, IWorkspaceService workspaces, CancellationToken ct) =>
            TypedResults.Ok(await workspaces.RestoreAsync(workspace, ct)));

        group.MapDelete("/{workspace}", async Task<NoContent> (string workspace, bool? deleteBranch, bool? force, IWorkspaceService workspaces, CancellationToken ct) =>
        {
            await workspaces.DeleteAsync(workspace, new DeleteWorkspaceOptions { DeleteBranch = deleteBranch ?? false, Force = force ?? false }, ct);
            return TypedResults.NoContent();
        });
    }
}
