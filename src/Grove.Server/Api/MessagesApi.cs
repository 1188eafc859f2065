using Grove.Services.Agents;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grove.Server.Api;

public sealed record MessageBody(string Text);

/// <summary>
/// <c>Started</c>: the turn began now; otherwise it waits at <c>QueuePosition</c> behind the running one,
/// or for a free agent slot (<c>Waiting</c>: "waiting: 3 ahead", "waiting: low memory, 700 MB free").
/// </summary>
public sealed record MessageResponse(bool Started, int QueuePosition, string? Waiting = null);

/// <summary>Sending messages to a tab's agent and interrupting its turn.</summary>
internal static class MessagesApi
{
    public static void MapMessagesApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/tabs/{tab}").WithTags("Messages");

        group.MapPost("/messages", async Task<Accepted<MessageResponse>> (string tab, MessageBody body, IAgentTabs tabs, IAgentRuns runs, CancellationToken ct) =>
        {
            var resolved = await tabs.ResolveAsync(tab, ct);
            var outcome = await runs.SendAsync(resolved.Id, Require.Text(body.Text, "text"), ct);
            return TypedResults.Accepted($"/api/tabs/{resolved.Id}/stream", new MessageResponse(outcome.Started, outcome.QueuePosition, outcome.Waiting?.Describe()));
        });

        group.MapPost("/interrupt", async Task<NoContent> (string tab, IAgentRuns runs, CancellationToken ct) =>
        {
            await runs.InterruptAsync(tab, ct);
            return TypedResults.NoContent();
        });

        group.MapPost("/stop", async Task<NoContent> (string tab, IAgentRuns runs, CancellationToken ct) =>
        {
            await runs.StopAsync(tab, ct);
            return TypedResults.NoContent();
        });
    }
}
