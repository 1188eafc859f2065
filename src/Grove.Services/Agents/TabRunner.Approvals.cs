using System.Text.Json;
using System.Text.Json.Nodes;
using Grove.Agents;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Core.Errors;

namespace Grove.Services.Agents;

internal sealed partial class TabRunner
{
    /// <summary>Answers a pending request: once, always (saving a rule), deny, implement a plan, or answer questions.</summary>
    public async Task AnswerAsync(string requestId, ApprovalAnswer answer, CancellationToken cancellationToken)
    {
        if (!_pending.TryRemove(requestId, out var pending))
        {
            throw new GroveException(ErrorKind.NotFound, $"No pending approval '{requestId}' (already answered, or the turn ended).");
        }

        var session = _session ?? throw new GroveException(ErrorKind.Conflict, "The agent process of this tab is no longer running.");
        var request = pending.Request;
        PermissionDecision decision;
        switch (answer.Choice)
        {
            case ApprovalChoice.Deny:
                decision = PermissionDecision.Deny(string.IsNullOrWhiteSpace(answer.Message) ? "The user denied this." : answer.Message);
                break;
            case ApprovalChoice.AlwaysForWorkspace or ApprovalChoice.AlwaysForProject:
                var (tool, content) = PermissionPolicy.RuleFor(request);
                var workspace = await context.Workspaces.GetAsync(pending.WorkspaceId, cancellationToken)
                    ?? throw new GroveException(ErrorKind.NotFound, "The workspace of this tab is gone.");
                await context.Rules.AddAsync(
                    new PermissionRule
                    {
                        ProjectId = workspace.ProjectId,
                        WorkspaceId = answer.Choice == ApprovalChoice.AlwaysForWorkspace ? workspace.Id : null,
                        ToolName = tool,
                        RuleContent = content,
                    },
                    cancellationToken);
                decision = PermissionDecision.AllowOnce() with
                {
                    Scope = answer.Choice == ApprovalChoice.AlwaysForWorkspace ? PermissionScopes.Workspace : PermissionScopes.Project,
                };
                break;
            case ApprovalChoice.Implement:
                await context.Tabs.UpdateAsync(
                    (await context.Tabs.GetAsync(TabId, cancellationToken))! with { Mode = AgentMode.Agent, UpdatedAt = context.Time.GetUtcNow() },
                    cancellationToken);

                // Approving ExitPlanMode takes the running process out of plan mode itself.
                _sessionMode = AgentMode.Agent;
                decision = PermissionDecision.AllowOnce();
                break;
            case ApprovalChoice.Answer:
                decision = PermissionDecision.AllowOnce(WithAnswers(request.Input, answer.Answers ?? new Dictionary<string, string>()));
                break;
            default:
                decision = PermissionDecision.AllowOnce() with { Scope = PermissionScopes.Once };
                break;
        }

        context.Approvals.Unregister(requestId);
        await session.RespondToPermissionAsync(requestId, decision, cancellationToken);
        if (_pending.IsEmpty)
        {
            await SetStatusAsync(AgentTabStatus.Running, null, cancellationToken);
        }
    }

    /// <summary>AskUserQuestion: the tool reads the chosen answers from its input's <c>answers</c> object.</summary>
    private static JsonElement WithAnswers(JsonElement input, IReadOnlyDictionary<string, string> answers)
    {
        var node = input.ValueKind == JsonValueKind.Object ? JsonNode.Parse(input.GetRawText())!.AsObject() : [];
        var answerObject = new JsonObject();
        foreach (var (question, choice) in answers)
        {
            answerObject[question] = choice;
        }

        node["answers"] = answerObject;
        return JsonSerializer.SerializeToElement(node);
    }
}
