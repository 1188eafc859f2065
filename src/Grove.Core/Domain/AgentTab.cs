namespace Grove.Core.Domain;

/// <summary>An agent tab (a "sub-chat"): one agent session inside a workspace.</summary>
public sealed record AgentTab
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string Name { get; init; }
    public string AgentKind { get; init; } = "claude-code";
    public string? SessionId { get; init; }
    public AgentMode Mode { get; init; } = AgentMode.Agent;
    public string? Model { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public enum AgentMode
{
    Plan,
    Agent,
}
