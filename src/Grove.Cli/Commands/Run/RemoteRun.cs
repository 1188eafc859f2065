using Grove.Cli.Remote;
using Grove.Core.Domain;
using Grove.Server.Api;

namespace Grove.Cli.Commands.Run;

/// <summary>
/// <c>grove run</c> through a running <c>grove serve</c>: the server's run service owns the agent,
/// so the UI sees the turn live and no second process drives the tab. This process only finds or
/// creates the tab, applies the options (tab update endpoint) and follows the turn (<see cref="RemoteTurn"/>).
/// </summary>
internal static class RemoteRun
{
    /// <summary>The exit code, or null when the server did not answer its first request (nothing was changed).</summary>
    public static async Task<int?> TryRunAsync(CliContext context, GroveServerClient server, RunRequest request, CancellationToken ct)
    {
        Workspace workspace;
        try
        {
            workspace = await server.GetAsync<Workspace>($"api/workspaces/{GroveServerClient.Escape(request.Workspace)}", ct);
        }
        catch (HttpRequestException ex) when (ex.StatusCode is null)
        {
            return null;
        }

        if (context.Verbose)
        {
            context.Progress($"running through the Grove server on port {server.Info.Port}");
        }

        var tab = await FindOrCreateTabAsync(server, workspace, request, ct);
        return await new RemoteTurn(context, server, tab, request.Prompt).RunAsync(ct);
    }

    private static async Task<AgentTab> FindOrCreateTabAsync(GroveServerClient server, Workspace workspace, RunRequest request, CancellationToken ct)
    {
        var found = await server.PostAsync<AgentTab>($"api/workspaces/{GroveServerClient.Escape(workspace.Id)}/tabs/find-or-create", new FindTabBody(request.Tab, request.AgentKind), ct);
        return request.ChangesTab
            ? await server.PatchAsync<AgentTab>($"api/tabs/{GroveServerClient.Escape(found.Id)}", new UpdateTabBody(Mode: request.Mode, PermissionMode: request.PermissionMode, Model: request.Model, MaxTurns: request.MaxTurns), ct)
            : found;
    }
}
