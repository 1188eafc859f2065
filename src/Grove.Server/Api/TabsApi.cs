using System.Text.Json;
using Grove.Core.Domain;
using Grove.Services.Agents;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grove.Server.Api;

/// <param name="AgentKind">The agent the tab runs (<c>GET /api/agents</c>); null = the default kind.</param>
public sealed record CreateTabBody(string? Name = null, AgentMode? Mode = null, string? Model = null, PermissionMode? PermissionMode = null, string? AgentKind = null);

/// <summary>Which tab a run goes to: by name, else the first of <paramref name="AgentKind"/>, else the first (created when missing).</summary>
public sealed record FindTabBody(string? Name = null, string? AgentKind = null);

/// <param name="MaxTurns">The tab's cap on agentic steps per turn; 0 removes it, null leaves it.</param>
public sealed record UpdateTabBody(string? Name = null, AgentMode? Mode = null, PermissionMode? PermissionMode = null, string? Model = null, int? MaxTurns = null);

/// <summary>A tab with what the runtime knows: a turn running or queued, and how many events are stored.</summary>
public sealed record TabView(AgentTab Tab, bool Busy, long EventCount, int PendingApprovals);

/// <summary>One stored transcript event; <c>Payload</c> is the event's JSON.</summary>
public sealed record TranscriptEntry(long Sequence, string Kind, DateTimeOffset At, JsonElement Payload)
{
    public static TranscriptEntry From(TranscriptEvent e)
    {
        using var document = JsonDocument.Parse(e.PayloadJson);
        return new TranscriptEntry(e.Sequence, e.Kind, e.CreatedAt, document.RootElement.Clone());
    }
}

/// <summary>Agent tabs: list per workspace, create, get, update (name, mode, permission mode, model), delete, transcript pages.</summary>
internal static class TabsApi
{
    public static void MapTabsApi(this IEndpointRouteBuilder api)
    {
        var perWorkspace = api.MapGroup("/workspaces/{workspace}/tabs").WithTags("Tabs");
        perWorkspace.MapGet("/", async Task<Ok<IReadOnlyList<AgentTab>>> (string workspace, IAgentTabs tabs, CancellationToken ct) =>
            TypedResults.Ok(await tabs.ListAsync(workspace, ct)));

        perWorkspace.MapPost("/", async Task<Created<AgentTab>> (string workspace, CreateTabBody? body, IAgentTabs tabs, CancellationToken ct) =>
        {
            var tab = await tabs.CreateAsync(
                new CreateTabRequest
                {
                    Workspace = workspace,
                    Name = body?.Name,
                    Mode = body?.Mode ?? AgentMode.Agent,
                    Model = body?.Model,
                    PermissionMode = body?.PermissionMode ?? PermissionMode.Ask,
                    AgentKind = body?.AgentKind,
                },
                ct);
            return TypedResults.Created($"/api/tabs/{tab.Id}", tab);
        });

        // grove run's tab: the named one, else the workspace's first of the kind; created when missing.
        perWorkspace.MapPost("/find-or-create", async Task<Ok<AgentTab>> (string workspace, FindTabBody? body, IAgentTabs tabs, CancellationToken ct) =>
            TypedResults.Ok(await tabs.FindOrCreateAsync(workspace, body?.Name, body?.AgentKind, ct)));

        var group = api.MapGroup("/tabs").WithTags("Tabs");
        group.MapGet("/", async Task<Ok<IReadOnlyList<AgentTab>>> (string? workspace, IAgentTabs tabs, CancellationToken ct) =>
            TypedResults.Ok(await tabs.ListAsync(workspace, ct)));

        group.MapGet("/{tab}", async Task<Ok<TabView>> (string tab, IAgentTabs tabs, IAgentRuns runs, ITranscripts transcripts, CancellationToken ct) =>
        {
            var resolved = await tabs.ResolveAsync(tab, ct);
            return TypedResults.Ok(new TabView(resolved, runs.IsBusy(resolved.Id), await transcripts.LastSequenceAsync(resolved.Id, ct), runs.GetPending(resolved.Id).Count));
        });

        group.MapPatch("/{tab}", async Task<Ok<AgentTab>> (string tab, UpdateTabBody body, IAgentTabs tabs, CancellationToken ct) =>
            TypedResults.Ok(await tabs.UpdateAsync(tab, current => current with
            {
                Name = string.IsNullOrWhiteSpace(body.Name) ? current.Name : body.Name.Trim(),
                Mode = body.Mode ?? current.Mode,
                PermissionMode = body.PermissionMode ?? current.PermissionMode,
                Model = body.Model ?? current.Model,
                MaxTurns = body.MaxTurns switch { null => current.MaxTurns, 0 => null, var n => n },
            }, ct)));

        group.MapDelete("/{tab}", async Task<NoContent> (string tab, IAgentTabs tabs, CancellationToken ct) =>
        {
            await tabs.DeleteAsync(tab, ct);
            return TypedResults.NoContent();
        });

        group.MapGet("/{tab}/events", async Task<Ok<IReadOnlyList<TranscriptEntry>>> (string tab, long? after, int? limit, ITranscripts transcripts, CancellationToken ct) =>
        {
            var page = await transcripts.ReadAsync(tab, Math.Max(0, after ?? 0), Require.Range(limit, 500, 1, 5000, "limit"), ct);
            IReadOnlyList<TranscriptEntry> entries = [.. page.Select(TranscriptEntry.From)];
            return TypedResults.Ok(entries);
        });
    }
}
