using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grove.Core.Agents;

/// <summary>An MCP server as the agent reported it at start (<c>status</c> e.g. <c>connected</c>, <c>failed</c>).</summary>
public sealed record AgentMcpServer(string Name, string? Status);

/// <summary>The agent started a turn (Claude: <c>system/init</c>, re-sent at each turn in stdin mode).</summary>
public sealed record InitEvent(string SessionId) : AgentEvent
{
    public string? Model { get; init; }
    public string? Cwd { get; init; }
    public IReadOnlyList<string> Tools { get; init; } = [];
    public string? PermissionMode { get; init; }
    public string? CliVersion { get; init; }

    /// <summary>The agent program's name when it is not Claude Code (e.g. <c>Codex</c>); null in Claude's events and older transcripts.</summary>
    public string? Agent { get; init; }

    public IReadOnlyList<AgentMcpServer> McpServers { get; init; } = [];

    [JsonIgnore]
    public override string Kind => AgentEventKinds.Init;

    [JsonIgnore]
    public override string? Text => null;
}

/// <summary>
/// A user message: what Grove sent (echoed by the session in order), or a user-role text the
/// agent printed itself (<see cref="FromAgent"/>, e.g. <c>[Request interrupted by user]</c>).
/// </summary>
public sealed record UserEvent(string Content) : AgentEvent
{
    /// <summary>How many images were attached.</summary>
    public int ImageCount { get; init; }

    /// <summary>True when the agent printed this user-role text, false when Grove sent it.</summary>
    public bool FromAgent { get; init; }

    [JsonIgnore]
    public override string Kind => AgentEventKinds.User;

    [JsonIgnore]
    public override string? Text => Content;
}

/// <summary>A status change: <c>requesting</c> before an API call, or a new permission mode.</summary>
public sealed record StatusEvent(string? Status) : AgentEvent
{
    public string? PermissionMode { get; init; }

    [JsonIgnore]
    public override string Kind => AgentEventKinds.Status;

    [JsonIgnore]
    public override string? Text => null;
}

/// <summary>The agent will retry a failed API call (Claude: <c>system/api_retry</c>).</summary>
public sealed record RetryEvent(int Attempt, int MaxRetries) : AgentEvent
{
    public long DelayMs { get; init; }

    /// <summary>HTTP status of the failure (529…), null for connection errors and timeouts.</summary>
    public int? ErrorStatus { get; init; }

    public string? Error { get; init; }

    [JsonIgnore]
    public override string Kind => AgentEventKinds.Retry;

    [JsonIgnore]
    public override string? Text => Error;
}

/// <summary>Any other system message, kept whole (e.g. <c>informational</c>, <c>permission_denied</c>).</summary>
public sealed record SystemEvent(string Subtype, JsonElement Raw) : AgentEvent
{
    [JsonIgnore]
    public override string Kind => AgentEventKinds.System;

    [JsonIgnore]
    public override string? Text => null;
}
