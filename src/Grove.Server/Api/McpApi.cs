using Grove.Core.Mcp;
using Grove.Services.Mcp;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grove.Server.Api;

/// <summary>A switch: true / false, or null for the default; for a project, or one workspace.</summary>
public sealed record McpSwitchBody(bool? Enabled, string? Project, string? Workspace);

/// <summary>
/// <c>/api/mcp/…</c>: the MCP servers of a place (user scope, a project, or a workspace), their
/// probe, add / edit / remove in Claude's files, enable switches and trust, all through <see cref="IMcpServers"/>.
/// </summary>
internal static class McpApi
{
    public static void MapMcpApi(this IEndpointRouteBuilder api)
    {
        var mcp = api.MapGroup("/mcp").WithTags("MCP");
        mcp.MapGet("/servers", async Task<Ok<McpServerList>> (string? project, string? workspace, bool? probe, IMcpServers servers, CancellationToken ct) =>
            TypedResults.Ok(await servers.ListAsync(project, workspace, probe ?? true, ct)));

        mcp.MapPost("/servers", async Task<Ok<McpServerView>> (McpAddRequest request, IMcpServers servers, CancellationToken ct) =>
            TypedResults.Ok(await servers.SaveAsync(request, ct)));

        mcp.MapDelete("/servers/{name}", async Task<Ok<McpServerOrigin>> (string name, McpScope? scope, string? project, IMcpServers servers, CancellationToken ct) =>
            TypedResults.Ok(await servers.RemoveAsync(name, scope, project, ct)));

        mcp.MapPost("/servers/{name}/test", async Task<Ok<McpServerView>> (string name, string? project, string? workspace, IMcpServers servers, CancellationToken ct) =>
            TypedResults.Ok(await servers.TestAsync(name, project, workspace, ct)));

        mcp.MapPut("/servers/{name}/enabled", async Task<NoContent> (string name, McpSwitchBody body, IMcpServers servers, CancellationToken ct) =>
        {
            await servers.SetEnabledAsync(name, body.Enabled, body.Project, body.Workspace, ct);
            return TypedResults.NoContent();
        });

        mcp.MapGet("/trust", async Task<Results<Ok<McpTrustState>, NoContent>> (string project, IMcpServers servers, CancellationToken ct) =>
            await servers.GetTrustAsync(project, ct) is { } trust ? TypedResults.Ok(trust) : TypedResults.NoContent());

        mcp.MapPost("/trust", async Task<Ok<McpTrustState>> (string project, IMcpServers servers, CancellationToken ct) =>
            TypedResults.Ok(await servers.TrustAsync(project, ct)));
    }
}
