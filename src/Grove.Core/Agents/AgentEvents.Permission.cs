using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grove.Core.Agents;

/// <summary>
/// The agent asks whether it may run a tool; answer with the session's
/// <c>RespondToPermissionAsync</c> using <see cref="RequestId"/>.
/// </summary>
public sealed record PermissionRequestEvent(string RequestId, string ToolName, JsonElement Input) : AgentEvent
{
    public string? ToolUseId { get; init; }
    public string? DisplayName { get; init; }
    public string? Description { get; init; }

    /// <summary>Rules or mode changes the agent suggests saving if the user allows "always" (JSON array).</summary>
    public JsonElement? Suggestions { get; init; }

    /// <summary>Why the agent asks (Claude: <c>decision_reason_type</c>, e.g. <c>mode</c> in plan mode).</summary>
    public string? DecisionReason { get; init; }

    /// <summary>The path a command would write outside the allowed folders, when the agent reports one.</summary>
    public string? BlockedPath { get; init; }

    /// <summary>True for asks that need an answer from a person (ExitPlanMode, AskUserQuestion), not a rule.</summary>
    public bool RequiresUserInteraction { get; init; }

    [JsonIgnore]
    public override string Kind => AgentEventKinds.PermissionRequest;

    [JsonIgnore]
    public override string? Text => Description is null ? ToolName : $"{ToolName}: {Description}";
}

/// <summary>Grove's answer to a <see cref="PermissionRequestEvent"/>, as it was sent to the agent.</summary>
public sealed record PermissionDecisionEvent(string RequestId, bool Allowed) : AgentEvent
{
    public string? ToolUseId { get; init; }

    /// <summary>The deny message shown to the model; null when allowed.</summary>
    public string? Message { get; init; }

    /// <summary>True when permission rules or a mode change were sent with the answer.</summary>
    public bool RuleSaved { get; init; }

    /// <summary>True when a denial also stops the turn.</summary>
    public bool Interrupt { get; init; }

    /// <summary>
    /// What a person chose when allowing (<see cref="PermissionScopes"/>): once, or always for the
    /// workspace or project. Null when a rule or the tab's mode answered, and in older transcripts.
    /// Stored so the outcome is shown again after a reload.
    /// </summary>
    public string? Scope { get; init; }

    [JsonIgnore]
    public override string Kind => AgentEventKinds.PermissionDecision;

    [JsonIgnore]
    public override string? Text => Message;
}

/// <summary>The values of <see cref="PermissionDecisionEvent.Scope"/>.</summary>
public static class PermissionScopes
{
    public const string Once = "once";
    public const string Workspace = "workspace";
    public const string Project = "project";
}
