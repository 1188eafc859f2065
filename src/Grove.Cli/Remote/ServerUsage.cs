using Grove.Core.Agents;
using Grove.Core.Paths;

namespace Grove.Cli.Remote;

/// <summary>
/// CPU and memory of the running agents, for <c>grove tabs</c> and <c>grove ws list</c>: agents run in
/// <c>grove serve</c>, so this asks it (<c>GET /api/usage</c>); no server means no agent runs, hence empty.
/// </summary>
internal static class ServerUsage
{
    public sealed record Snapshot(IReadOnlyList<AgentUsage> Agents, IReadOnlyList<WorkspaceUsage> Workspaces)
    {
        public static Snapshot Empty { get; } = new([], []);

        public AgentUsage? Agent(string tabId) => Agents.FirstOrDefault(a => a.TabId == tabId);

        public WorkspaceUsage? Workspace(string workspaceId) => Workspaces.FirstOrDefault(w => w.WorkspaceId == workspaceId);
    }

    public static async Task<Snapshot> ReadAsync(CliContext context, CancellationToken cancellationToken)
    {
        using var server = GroveServerClient.TryConnect(GrovePaths.FromEnvironment(context.Environment));
        if (server is null)
        {
            return Snapshot.Empty;
        }

        try
        {
            return await server.GetAsync<Snapshot>("api/usage", cancellationToken) ?? Snapshot.Empty;
        }
        catch (Exception ex) when (ex is HttpRequestException or Core.Errors.GroveException or System.Text.Json.JsonException)
        {
            return Snapshot.Empty; // the counts are extra; the list itself comes from the database
        }
    }
}
