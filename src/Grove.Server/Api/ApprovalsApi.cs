using System.Text.Json;
using Grove.Core.Errors;
using Grove.Services.Agents;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grove.Server.Api;

/// <summary>
/// How to answer: <c>once</c>, <c>always-workspace</c>, <c>always-project</c>, <c>deny</c> (with
/// <c>message</c>), <c>implement</c> (plan approval), <c>answer</c> (with <c>answers</c>).
/// </summary>
public sealed record ApprovalBody(string Choice, string? Message = null, IReadOnlyDictionary<string, string>? Answers = null);

public sealed record ApprovalView(
    string RequestId, string TabId, string WorkspaceId, string ToolName, string? DisplayName, string? Description,
    JsonElement Input, string? BlockedPath, bool RequiresUserInteraction, DateTimeOffset Since)
{
    public static ApprovalView From(PendingApproval pending)
    {
        var r = pending.Request;
        return new ApprovalView(r.RequestId, pending.TabId, pending.WorkspaceId, r.ToolName, r.DisplayName, r.Description, r.Input, r.BlockedPath, r.RequiresUserInteraction, pending.Since);
    }
}

/// <summary>Pending permission requests and their answers.</summary>
internal static class ApprovalsApi
{
    public static void MapApprovalsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/approvals").WithTags("Approvals");

        group.MapGet("/", Ok<IReadOnlyList<ApprovalView>> (string? tab, IAgentRuns runs) =>
        {
            IReadOnlyList<ApprovalView> pending = [.. runs.GetPending(tab).Select(ApprovalView.From)];
            return TypedResults.Ok(pending);
        });

        group.MapPost("/{requestId}", async Task<NoContent> (string requestId, ApprovalBody body, IAgentRuns runs, CancellationToken ct) =>
        {
            await runs.AnswerAsync(requestId, ToAnswer(body), ct);
            return TypedResults.NoContent();
        });
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
