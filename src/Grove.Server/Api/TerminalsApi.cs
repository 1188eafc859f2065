using Grove.Core.Terminals;
using Grove.Server.Streaming;
using Grove.Services.Terminals;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grove.Server.Api;

/// <summary>A new terminal's size in character cells (default 120×32).</summary>
public sealed record OpenTerminalBody(int? Columns = null, int? Rows = null);

/// <summary>
/// Workspace terminals: list, open, close (REST), and
/// <c>GET /api/workspaces/{ws}/terminals/{id}/socket</c>, the WebSocket a client attaches with
/// (protocol in <see cref="TerminalSocket"/>). Authenticated like every request (cookie or Bearer
/// token) and, being an upgrade, refused from a foreign Origin by the <c>LocalRequestGuard</c>.
/// </summary>
internal static class TerminalsApi
{
    public static void MapTerminalsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/workspaces/{workspace}/terminals").WithTags("Terminals");
        group.MapGet("/", async Task<Ok<IReadOnlyList<TerminalInfo>>> (string workspace, ITerminals terminals, CancellationToken ct) =>
            TypedResults.Ok(await terminals.ListAsync(workspace, ct)));

        group.MapPost("/", async Task<Created<TerminalInfo>> (string workspace, OpenTerminalBody? body, ITerminals terminals, CancellationToken ct) =>
        {
            var size = new TerminalSize(
                Require.Range(body?.Columns, TerminalSize.Default.Columns, 1, 1000, "columns"),
                Require.Range(body?.Rows, TerminalSize.Default.Rows, 1, 500, "rows"));
            var terminal = await terminals.OpenAsync(workspace, size, ct);
            return TypedResults.Created($"/api/workspaces/{terminal.WorkspaceId}/terminals/{terminal.Id}", terminal);
        });

        group.MapDelete("/{terminal}", async Task<NoContent> (string workspace, string terminal, ITerminals terminals, CancellationToken ct) =>
        {
            await terminals.CloseAsync(workspace, terminal, ct);
            return TypedResults.NoContent();
        });

        group.MapGet("/{terminal}/socket", TerminalSocket.RunAsync)
            .Produces(StatusCodes.Status101SwitchingProtocols);
    }
}
