using System.Text.Json;
using Grove.Core.Errors;
using Grove.Services.Agents;
using Grove.Services.Workspaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grove.Server.Api;

/// <summary>
/// How to answer: <c>once</c>, <c>always-workspace</c>, <c>always-project</c>, <c>deny</c> (with
/// <c>message</c>), <c>implement</c> (plan approval), <c>answer</c> (with <c>answers</c>).
/// </summary>
public sealed record ApprovalBody(string Choice, string? Message = null, IReadOnlyDictionary<string, string>? Answers = null);

/// <summary>A pending request with the names of its tab and workspace (null when the tab is gone).</summary>
public sealed record ApprovalView(
    string RequestId, string TabId, string WorkspaceId, string ToolName, string? DisplayName, string? Description,
    JsonElement Input, string? BlockedPath, bool RequiresUserInteraction, DateTimeOffset Since, string? TabName = null, string? WorkspaceName = null)
{
    public static ApprovalView From(PendingApproval pending, string? tabName = null, string? workspaceName = null)
    {
        var r = pending.Request;
        return new ApprovalView(r.RequestId, pending.TabId, pending.WorkspaceId, r.ToolName, r.DisplayName, r.Description, r.Input, r.BlockedPath, r.RequiresUserInteraction, pending.Since, tabName, workspaceName);
    }
}

/// <summary>Pending permission requests and their answers.</summary>
internal static class ApprovalsApi
{
    public static void MapApprovalsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/approvals").WithTags("Approvals");

        group.MapGet("/", async Task<Ok<IReadOnlyList<ApprovalView>>> (string? tab, IAgentRuns runs, IAgentTabs tabs, IWorkspaceService workspaces, CancellationToken ct) =>
        {
            var names = new Dictionary<string, (string? Tab, string? Workspace)>(StringComparer.Ordinal);
            var pending = new List<ApprovalView>();
            foreach (var p in runs.GetPending(tab))
            {
                if (!names.TryGetValue(p.TabId, out var name))
                {
                    names[p.TabId] = name = await NamesAsync(p, tabs, workspaces, ct);
                }

                pending.Add(ApprovalView.From(p, name.Tab, name.Workspace));
            }

            return TypedResults.Ok<IReadOnlyList<ApprovalView>>(pending);
        });

        group.MapPost("/{requestId}", async Task<NoContent> (string requestId, ApprovalBody body, IAgentRuns runs, CancellationToken ct) =>
        {
            await runs.AnswerAsync(requestId, ToAnswer(body), ct);
            return TypedResults.NoContent();
        });
    }

    private static async Task<(string? Tab, string? Workspace)> NamesAsync(PendingApproval pending, IAgentTabs tabs, IWorkspaceService workspaces, CancellationToken ct)
    {
        try
        {
            var tab = await tabs.ResolveAsync(pending.TabId, ct);
            var workspace = await workspaces.ResolveAsync(pending.WorkspaceId, ct);
            return (tab.Name, workspace.Name);
        }
        catch (GroveException ex) when (ex.Kind == ErrorKind.NotFound)
        {
            return (null, null);
        }
    }

    internal static ApprovalAnswer ToAnswer(ApprovalBody body) => body.Choice?.Trim().ToLowerInvariant() switch
    {
        "once" or "allow" => ApprovalAnswer.Once,
        "always-workspace" or "always" => new ApprovalAnswer(ApprovalChoice.AlwaysForWorkspace),
        "always-project" or "project" => new ApprovalAnswer(ApprovalChoice.AlwaysForProject),
        "deny" => ApprovalAnswer.DenyWith(string.IsNullOrWhiteSpace(body.Message) ? "Denied by the user." : body.Message),
        "implement" => new ApprovalAnswer(ApprovalChoice.Implement),
        "answer" when body.Answers is { Count: > 0 } => new ApprovalAnswer(ApprovalChoice.Answer, Answers: body.Answers),
        "answer" => throw new GroveException(ErrorKind.InvalidInput, "'answer' needs 'answers'."),
        _ => throw new GroveException(ErrorKind.InvalidInput, $"Unknown choice '{body.Choice}'. Use once, always-workspace, always-project, deny, implement or answer."),
    };
}
