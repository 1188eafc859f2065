using System.Text.Json.Serialization;
using Grove.Core.Domain;

namespace Grove.Core.Agents;

/// <summary>
/// One normalised thing an agent did or Grove did to it, in arrival order. Stored as one
/// transcript row per event (<see cref="Kind"/> + JSON from <see cref="AgentEventJson"/> +
/// <see cref="Text"/> for full-text search), except <see cref="DeltaEvent"/>, which is only
/// published live. The JSON discriminator is <c>kind</c>; its values never change.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(InitEvent), AgentEventKinds.Init)]
[JsonDerivedType(typeof(UserEvent), AgentEventKinds.User)]
[JsonDerivedType(typeof(TextEvent), AgentEventKinds.Text)]
[JsonDerivedType(typeof(ThinkingEvent), AgentEventKinds.Thinking)]
[JsonDerivedType(typeof(ToolUseEvent), AgentEventKinds.ToolUse)]
[JsonDerivedType(typeof(ToolResultEvent), AgentEventKinds.ToolResult)]
[JsonDerivedType(typeof(DeltaEvent), AgentEventKinds.Delta)]
[JsonDerivedType(typeof(PermissionRequestEvent), AgentEventKinds.PermissionRequest)]
[JsonDerivedType(typeof(PermissionDecisionEvent), AgentEventKinds.PermissionDecision)]
[JsonDerivedType(typeof(StatusEvent), AgentEventKinds.Status)]
[JsonDerivedType(typeof(RetryEvent), AgentEventKinds.Retry)]
[JsonDerivedType(typeof(ResultEvent), AgentEventKinds.Result)]
[JsonDerivedType(typeof(ErrorEvent), AgentEventKinds.Error)]
[JsonDerivedType(typeof(SystemEvent), AgentEventKinds.System)]
public abstract record AgentEvent
{
    /// <summary>The stable lowercase kind, equal to the JSON <c>kind</c> discriminator.</summary>
    [JsonIgnore]
    public abstract string Kind { get; }

    /// <summary>Human-readable text to index for search; null when there is nothing worth finding.</summary>
    [JsonIgnore]
    public abstract string? Text { get; }

    /// <summary>
    /// True for an event Grove did not see live but recovered afterwards from the agent's own session
    /// file (the agent kept writing after Grove stopped). Omitted from the JSON when false.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Recovered { get; init; }

    /// <summary>True for events that are only published live, never stored (<see cref="DeltaEvent"/>).</summary>
    [JsonIgnore]
    public virtual bool IsTransient => false;

    /// <summary>The transcript row for this event (the store assigns <see cref="TranscriptEvent.Sequence"/>).</summary>
    public TranscriptEvent ToTranscriptEvent(string tabId, DateTimeOffset createdAt) => new()
    {
        TabId = tabId,
        Kind = Kind,
        PayloadJson = AgentEventJson.Serialize(this),
        Text = Text,
        CreatedAt = createdAt,
    };
}

/// <summary>The <c>kind</c> discriminator of every <see cref="AgentEvent"/>.</summary>
public static class AgentEventKinds
{
    public const string Init = "init";
    public const string User = "user";
    public const string Text = "text";
    public const string Thinking = "thinking";
    public const string ToolUse = "tool_use";
    public const string ToolResult = "tool_result";
    public const string Delta = "delta";
    public const string PermissionRequest = "permission_request";
    public const string PermissionDecision = "permission_decision";
    public const string Status = "status";
    public const string Retry = "retry";
    public const string Result = "result";
    public const string Error = "error";
    public const string System = "system";
}
