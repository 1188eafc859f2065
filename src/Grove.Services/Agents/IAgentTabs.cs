using Grove.Core.Domain;

namespace Grove.Services.Agents;

public sealed record CreateTabRequest
{
    /// <summary>Workspace id, name or project/name.</summary>
    public required string Workspace { get; init; }

    public string? Name { get; init; }
    public AgentMode Mode { get; init; } = AgentMode.Agent;
    public string? Model { get; init; }
    public PermissionMode PermissionMode { get; init; } = PermissionMode.Ask;
    public string AgentKind { get; init; } = "claude-code";
}

/// <summary>Agent tabs: create, find, rename, change mode, delete.</summary>
public interface IAgentTabs
{
    Task<AgentTab> CreateAsync(CreateTabRequest request, CancellationToken cancellationToken = default);

    /// <summary>Tabs of one workspace, or of every workspace.</summary>
    Task<IReadOnlyList<AgentTab>> ListAsync(string? workspace = null, CancellationToken cancellationToken = default);

    /// <summary>By tab id, <c>&lt;workspace&gt;:&lt;tab name&gt;</c>, or a workspace with exactly one tab.</summary>
    Task<AgentTab> ResolveAsync(string reference, CancellationToken cancellationToken = default);

    Task<AgentTab> UpdateAsync(string reference, Func<AgentTab, AgentTab> change, CancellationToken cancellationToken = default);

    Task DeleteAsync(string reference, CancellationToken cancellationToken = default);
}
