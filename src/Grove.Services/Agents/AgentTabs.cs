using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Data.Stores;
using Grove.Services.Workspaces;

namespace Grove.Services.Agents;

internal sealed class AgentTabs(
    IWorkspaceService workspaceService,
    IWorkspaceStore workspaces,
    IAgentTabStore tabs,
    IProjectStore projects,
    Checkpoints.TurnCheckpoints checkpoints,
    IAgentKinds kinds,
    TimeProvider time,
    Analytics.IAnalytics analytics) : IAgentTabs
{
    public async Task<AgentTab> CreateAsync(CreateTabRequest request, CancellationToken cancellationToken = default)
    {
        var workspace = await workspaceService.ResolveAsync(request.Workspace, cancellationToken);
        if (workspace.IsArchived)
        {
            throw new GroveException(ErrorKind.Conflict, $"Workspace '{workspace.Name}' is archived; restore it first.");
        }

        var kind = await kinds.ResolveAsync(request.AgentKind, cancellationToken);
        var existing = await tabs.ListAsync(workspace.Id, cancellationToken);
        var name = request.Name ?? NextName(existing);
        if (existing.Any(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new GroveException(ErrorKind.AlreadyExists, $"Workspace '{workspace.Name}' already has a tab named '{name}'.");
        }

        var now = time.GetUtcNow();
        var tab = new AgentTab
        {
            Id = Ids.NewTabId(),
            WorkspaceId = workspace.Id,
            Name = name,
            AgentKind = kind,
            Mode = request.Mode,
            Model = request.Model,
            PermissionMode = request.PermissionMode,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await tabs.AddAsync(tab, cancellationToken);
        analytics.Track(Analytics.AnalyticsEvents.TabCreated, new Dictionary<string, object> { ["agent_kind"] = tab.AgentKind, ["mode"] = tab.Mode.ToString().ToLowerInvariant() });
        return tab;
    }

    public async Task<AgentTab> FindOrCreateAsync(string workspace, string? name = null, string? agentKind = null, CancellationToken cancellationToken = default)
    {
        var resolved = await workspaceService.ResolveAsync(workspace, cancellationToken);
        var kind = string.IsNullOrWhiteSpace(agentKind) ? null : await kinds.ResolveAsync(agentKind, cancellationToken);
        var existing = await tabs.ListAsync(resolved.Id, cancellationToken);
        if (!string.IsNullOrWhiteSpace(name))
        {
            var named = existing.FirstOrDefault(t => string.Equals(t.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
            if (named is not null && kind is not null && named.AgentKind != kind)
            {
                throw new GroveException(
                    ErrorKind.Conflict,
                    $"Tab '{named.Name}' of '{resolved.Name}' runs {kinds.DisplayNameOf(named.AgentKind)}, not {kinds.DisplayNameOf(kind)}; pick another tab name.");
            }

            return named ?? await CreateAsync(new CreateTabRequest { Workspace = resolved.Id, Name = name.Trim(), AgentKind = kind }, cancellationToken);
        }

        var found = kind is null ? (existing.Count > 0 ? existing[0] : null) : existing.FirstOrDefault(t => t.AgentKind == kind);
        return found ?? await CreateAsync(new CreateTabRequest { Workspace = resolved.Id, AgentKind = kind }, cancellationToken);
    }

    public async Task<IReadOnlyList<AgentTab>> ListAsync(string? workspace = null, CancellationToken cancellationToken = default)
    {
        if (workspace is not null)
        {
            return await tabs.ListAsync((await workspaceService.ResolveAsync(workspace, cancellationToken)).Id, cancellationToken);
        }

        var all = new List<AgentTab>();
        foreach (var w in await workspaces.ListAsync(null, includeArchived: true, cancellationToken))
        {
            all.AddRange(await tabs.ListAsync(w.Id, cancellationToken));
        }

        return all;
    }

    public async Task<AgentTab> ResolveAsync(string reference, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            throw new GroveException(ErrorKind.InvalidInput, "A tab id or <workspace>:<tab> is required.");
        }

        if (await tabs.GetAsync(reference, cancellationToken) is { } byId)
        {
            return byId;
        }

        var colon = reference.LastIndexOf(':');
        var workspace = await workspaceService.ResolveAsync(colon > 0 ? reference[..colon] : reference, cancellationToken);
        var list = await tabs.ListAsync(workspace.Id, cancellationToken);
        if (colon > 0)
        {
            var name = reference[(colon + 1)..];
            return list.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new GroveException(ErrorKind.NotFound, $"Workspace '{workspace.Name}' has no tab '{name}'.");
        }

        return list.Count switch
        {
            1 => list[0],
            0 => throw new GroveException(ErrorKind.NotFound, $"Workspace '{workspace.Name}' has no tabs yet."),
            _ => throw new GroveException(ErrorKind.InvalidInput, $"Workspace '{workspace.Name}' has {list.Count} tabs; name one as {workspace.Name}:<tab>."),
        };
    }

    /// <summary>The highest step cap a tab accepts.</summary>
    public const int MaxTurnsLimit = 10_000;

    public async Task<AgentTab> UpdateAsync(string reference, Func<AgentTab, AgentTab> change, CancellationToken cancellationToken = default)
    {
        var tab = await ResolveAsync(reference, cancellationToken);
        var updated = change(tab) with { Id = tab.Id, WorkspaceId = tab.WorkspaceId, UpdatedAt = time.GetUtcNow() };
        if (updated.MaxTurns is < 1 or > MaxTurnsLimit)
        {
            throw new GroveException(ErrorKind.InvalidInput, $"Max turns must be between 1 and {MaxTurnsLimit} (0 removes the cap); got {updated.MaxTurns}.");
        }

        await tabs.UpdateAsync(updated, cancellationToken);
        return updated;
    }

    public async Task DeleteAsync(string reference, CancellationToken cancellationToken = default)
    {
        var tab = await ResolveAsync(reference, cancellationToken);
        await tabs.DeleteAsync(tab.Id, cancellationToken);

        // The tab's checkpoints go with it (refs live in the project's repository, shared by its worktrees).
        if (await workspaces.GetAsync(tab.WorkspaceId, cancellationToken) is { } workspace &&
            await projects.GetAsync(workspace.ProjectId, cancellationToken) is { } project)
        {
            await checkpoints.PruneAsync(project.Path, tab.Id, cancellationToken);
        }
    }

    /// <summary>"Agent N" for the workspace's Nth tab (or the next free number); not "main", which reads like the branch.</summary>
    private static string NextName(IReadOnlyList<AgentTab> existing)
    {
        for (var i = existing.Count + 1; ; i++)
        {
            var candidate = $"Agent {i}";
            if (!existing.Any(t => string.Equals(t.Name, candidate, StringComparison.OrdinalIgnoreCase)))
            {
                return candidate;
            }
        }
    }
}
