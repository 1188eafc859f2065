using Grove.Core.Domain;
using Grove.Services.Projects;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grove.Server.Api;

public sealed record AddProjectBody(string Path, string? Name = null);

/// <summary><c>owner/repo</c>, a URL or a local path; the folder to clone into; the project's name.</summary>
public sealed record CloneProjectBody(string Source, string? Path = null, string? Name = null);

/// <summary><c>/api/projects</c>: list, add, clone, get, remove, refresh.</summary>
internal static class ProjectsApi
{
    public static void MapProjectsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/projects").WithTags("Projects");

        group.MapGet("/", async Task<Ok<IReadOnlyList<Project>>> (IProjectService projects, CancellationToken ct) =>
            TypedResults.Ok(await projects.ListAsync(ct)));

        group.MapPost("/", async Task<Created<Project>> (AddProjectBody body, IProjectService projects, CancellationToken ct) =>
        {
            var project = await projects.AddAsync(Require.Text(body.Path, "path"), body.Name, ct);
            return TypedResults.Created($"/api/projects/{project.Id}", project);
        });

        group.MapPost("/clone", async Task<Created<Project>> (CloneProjectBody body, IProjectCloner cloner, CancellationToken ct) =>
        {
            var project = await cloner.CloneAsync(new CloneRequest(Require.Text(body.Source, "source"), body.Path, body.Name), cancellationToken: ct);
            return TypedResults.Created($"/api/projects/{project.Id}", project);
        });

        group.MapGet("/{project}", async Task<Ok<Project>> (string project, IProjectService projects, CancellationToken ct) =>
            TypedResults.Ok(await projects.ResolveAsync(project, ct)));

        group.MapPost("/{project}/refresh", async Task<Ok<Project>> (string project, IProjectService projects, CancellationToken ct) =>
            TypedResults.Ok(await projects.RefreshAsync(project, ct)));

        group.MapDelete("/{project}", async Task<NoContent> (string project, bool? force, IProjectService projects, CancellationToken ct) =>
        {
            await projects.RemoveAsync(project, force ?? false, ct);
            return TypedResults.NoContent();
        });
    }
}
