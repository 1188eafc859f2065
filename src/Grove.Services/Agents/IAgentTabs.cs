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
    /// <summary>The agent the tab runs (see <see cref="IAgentKinds"/>); null = the default kind (setting <c>agents.default_kind</c>).</summary>
    public string? AgentKind { get; init; }
}

/// <summary>Agent tabs: create, find, rename, change mode, delete.</summary>
public interface IAgentTabs
{
    Task<AgentTab> CreateAsync(CreateTabRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// The tab a run goes to (<c>grove run</c>): the one named <paramref name="name"/> (created with
    /// <paramref name="agentKind"/> when missing; refused when it runs another kind), else the
    /// workspace's first tab of <paramref name="agentKind"/> (created when it has none), else its
    /// first tab (created with the default kind when it has none). An unknown kind is NotFound.
    /// </summary>
    Task<AgentTab> FindOrCreateAsync(string workspace, string? name = null, string? agentKind = null, CancellationToken cancellationToken = default);

    /// <summary>Tabs of one workspace, or of every workspace.</summary>
    Task<IReadOnlyList<AgentTab>> ListAsync(string? workspace = null, CancellationToken cancellationToken = default);

    /// <summary>By tab id, <c>&lt;workspace&gt;:&lt;tab name&gt;</c>, or a workspace with exactly one tab.</summary>
    Task<AgentTab> ResolveAsync(string reference, CancellationToken cancellationToken = default);

    Task<AgentTab> UpdateAsync(string reference, Func<AgentTab, AgentTab> change, CancellationToken cancellationToken = default);

    Task DeleteAsync(string reference, CancellationToken cancellationToken = default);
}
