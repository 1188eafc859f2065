using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grove.Core.Agents;

/// <summary>An assistant text block. Blocks of one API message share <see cref="MessageId"/>.</summary>
public sealed record TextEvent(string MessageId, string Content) : AgentEvent
{
    /// <summary>The sub-agent's tool use this belongs to; null at top level.</summary>
    public string? ParentToolUseId { get; init; }

    [JsonIgnore]
    public override string Kind => AgentEventKinds.Text;

    [JsonIgnore]
    public override string? Text => Content;
}

/// <summary>An assistant thinking block (may be a summary or empty when redacted).</summary>
public sealed record ThinkingEvent(string MessageId, string Content) : AgentEvent
{
    public string? ParentToolUseId { get; init; }

    [JsonIgnore]
    public override string Kind => AgentEventKinds.Thinking;

    [JsonIgnore]
    public override string? Text => Content;
}

/// <summary>The assistant called a tool.</summary>
public sealed record ToolUseEvent(string MessageId, string ToolUseId, string Name, JsonElement Input) : AgentEvent
{
    public string? ParentToolUseId { get; init; }

    [JsonIgnore]
    public override string Kind => AgentEventKinds.ToolUse;

    /// <summary>The tool name and its input JSON (cut at 4,000 characters), so commands and paths are searchable.</summary>
    [JsonIgnore]
    public override string? Text
    {
        get
        {
            var input = Input.ValueKind == JsonValueKind.Undefined ? string.Empty : Input.GetRawText();
            return input.Length <= 4000 ? $"{Name} {input}" : $"{Name} {input[..4000]}";
        }
    }
}

/// <summary>A tool ran, failed or was refused.</summary>
public sealed record ToolResultEvent(string ToolUseId, string Content) : AgentEvent
{
    public bool IsError { get; init; }

    /// <summary>The agent's structured tool output (Claude: <c>tool_use_result</c>), when given.</summary>
    public JsonElement? ToolUseResult { get; init; }

    /// <summary>Claude's <c>tool_result_meta</c> entry for this call (permission decision and source), when given.</summary>
    public JsonElement? Meta { get; init; }

    public string? ParentToolUseId { get; init; }

    [JsonIgnore]
    public override string Kind => AgentEventKinds.ToolResult;

    [JsonIgnore]
    public override string? Text => Content;
}

/// <summary>What a <see cref="DeltaEvent"/> adds to.</summary>
public enum DeltaKind
{
    Text,
    Thinking,
    InputJson,

    /// <summary>
    /// Output of a running tool (Codex: <c>item/commandExecution/outputDelta</c>); <see cref="DeltaEvent.MessageId"/>
    /// is the tool use id. Live only: the whole output is stored once, in the <see cref="ToolResultEvent"/>.
    /// </summary>
    ToolOutput,
}

/// <summary>
/// A partial piece of a content block while it streams (Claude: <c>stream_event</c>), or of a running
/// tool's output (<see cref="DeltaKind.ToolOutput"/>). Published live only; the complete block follows
/// as a <see cref="TextEvent"/>, <see cref="ThinkingEvent"/>, <see cref="ToolUseEvent"/> or <see cref="ToolResultEvent"/>.
/// </summary>
public sealed record DeltaEvent(string? MessageId, int Index, DeltaKind DeltaKind, string Delta) : AgentEvent
{
    public string? ParentToolUseId { get; init; }

    [JsonIgnore]
    public override string Kind => AgentEventKinds.Delta;

    [JsonIgnore]
    public override bool IsTransient => true;

    [JsonIgnore]
    public override string? Text => null;
}
