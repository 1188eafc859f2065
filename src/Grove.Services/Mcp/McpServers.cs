using System.Globalization;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Core.Mcp;
using Grove.Data.Stores;
using Grove.Integrations.Mcp;
using Grove.Services.Projects;
using Grove.Services.Workspaces;

namespace Grove.Services.Mcp;

internal sealed class McpServers(
    IClaudeMcpFiles files,
    McpProbeCache probes,
    IMcpStateStore state,
    ISettingsStore settings,
    IProjectService projects,
    IWorkspaceService workspaces,
    TimeProvider time) : IMcpServers
{
    /// <summary>The probe timeout when <see cref="SettingKeys.McpProbeTimeout"/> is not set.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public async Task<McpServerList> ListAsync(string? project, string? workspace, bool probe, CancellationToken cancellationToken = default)
    {
        var place = await ResolveAsync(project, workspace, cancellationToken);
        return await ListAsync(place, probe, cancellationToken);
    }

    public async Task<McpServerView> TestAsync(string name, string? project, string? workspace, CancellationToken cancellationToken = default)
    {
        var place = await ResolveAsync(project, workspace, cancellationToken);
        var list = await ListAsync(place, probe: false, cancellationToken);
        var view = list.Servers.FirstOrDefault(s => s.Name == name)
            ?? throw new GroveException(ErrorKind.NotFound, $"No MCP server '{name}'{place.Describe()}.");
        return await WithProbeAsync(view, place, force: true, cancellationToken);
    }

    public async Task<McpServerView> SaveAsync(McpAddRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        McpDefinitionRules.Ensure(request.Definition);
        var place = await ResolveAsync(request.Project, null, cancellationToken);
        if (request.Scope != McpScope.User && place.Project is null)
        {
            throw new GroveException(ErrorKind.InvalidInput, $"A {request.Scope.ToString().ToLowerInvariant()}-scope server needs a project (--project).");
        }

        files.Save(request.Scope, place.Project?.Path, request.Definition);
        var list = await ListAsync(place, probe: false, cancellationToken);
        return list.Servers.First(s => s.Name == request.Definition.Name);
    }

    public async Task<McpServerOrigin> RemoveAsync(string name, McpScope? scope, string? project, CancellationToken cancellationToken = default)
    {
        var place = await ResolveAsync(project, null, cancellationToken);
        var snapshot = files.Read(place.Project?.Path);
        var entry = snapshot.Entries.FirstOrDefault(e => e.Definition.Name == name && (scope is null || e.Origin.Scope == scope))
            ?? throw new GroveException(ErrorKind.NotFound, $"No MCP server '{name}'{(scope is null ? "" : $" in {scope.Value.ToString().ToLowerInvariant()} scope")}{place.Describe()}.");
        files.Remove(entry.Origin.Scope, place.Project?.Path, name);
        return entry.Origin;
    }

    public async Task SetEnabledAsync(string name, bool? enabled, string? project, string? workspace, CancellationToken cancellationToken = default)
    {
        var place = await ResolveAsync(project, workspace, cancellationToken);
        if (place.Project is null)
        {
            throw new GroveException(ErrorKind.InvalidInput, "Enable and disable apply to a project or a workspace (--project or --workspace).");
        }

        var list = await ListAsync(place, probe: false, cancellationToken);
        if (list.Servers.All(s => s.Name != name))
        {
            throw new GroveException(ErrorKind.NotFound, $"No MCP server '{name}'{place.Describe()}.");
        }

        await state.SetSwitchAsync(place.Project.Id, place.Workspace?.Id, name, enabled, cancellationToken);
    }

    public async Task<McpTrustState?> GetTrustAsync(string project, CancellationToken cancellationToken = default)
    {
        var place = await ResolveAsync(project, null, cancellationToken);
        return place.Project is null ? null : await TrustOfAsync(place.Project, files.Read(place.Project.Path), cancellationToken);
    }

    public async Task<McpTrustState> TrustAsync(string project, CancellationToken cancellationToken = default)
    {
        var place = await ResolveAsync(project, null, cancellationToken);
        var owner = place.Project ?? throw new GroveException(ErrorKind.InvalidInput, "Trust applies to a project (--project).");
        var snapshot = files.Read(owner.Path);
        var current = await TrustOfAsync(owner, snapshot, cancellationToken)
            ?? throw new GroveException(ErrorKind.NotFound, $"Project '{owner.Name}' has no servers in {McpFileOptions.ProjectFile(owner.Path)}.");
        await state.SetTrustAsync(new McpTrustRecord(owner.Id, current.Hash, current.Servers.Select(s => s.Name).ToList(), time.GetUtcNow()), cancellationToken);
        return current with { Trusted = true };
    }

    /// <summary>The servers a run in <paramref name="workspace"/> gets (probed as needed), and those it leaves out with the reason.</summary>
    internal async Task<McpServerList> ForRunAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        var project = await projects.ResolveAsync(workspace.ProjectId, cancellationToken);
        return await ListAsync(new Place(project, workspace), probe: true, cancellationToken);
    }

    private async Task<McpServerList> ListAsync(Place place, bool probe, CancellationToken cancellationToken)
    {
        var snapshot = files.Read(place.Project?.Path);
        var trust = place.Project is null ? null : await TrustOfAsync(place.Project, snapshot, cancellationToken);
        var switches = place.Project is null ? [] : await state.ListSwitchesAsync(place.Project.Id, place.Workspace?.Id, cancellationToken);
        var views = new List<McpServerView>();
        foreach (var group in snapshot.Entries.GroupBy(e => e.Definition.Name, StringComparer.Ordinal))
        {
            var winner = group.First();
            var workspaceSwitch = switches.FirstOrDefault(s => s.ServerName == group.Key && s.WorkspaceId is not null);
            var projectSwitch = switches.FirstOrDefault(s => s.ServerName == group.Key && s.WorkspaceId is null);
            var chosen = workspaceSwitch ?? projectSwitch;
            var view = new McpServerView
            {
                Definition = winner.Definition,
                Written = winner.Written,
                Origin = winner.Origin,
                Shadowed = group.Skip(1).Select(e => e.Origin).ToList(),
                Enabled = chosen?.Enabled ?? true,
                EnabledBy = chosen is null ? null : chosen.WorkspaceId is null ? "project" : "workspace",
                Trusted = winner.Origin.Scope != McpScope.Project || trust?.Trusted == true,
            };
            view = view with { Probe = StatusWithoutProbe(view) ?? probes.Cached(view.Definition, place.Folder) ?? view.Probe };
            views.Add(view);
        }

        if (probe)
        {
            var probed = await Task.WhenAll(views.Select(v => WithProbeAsync(v, place, force: false, cancellationToken)));
            views = [.. probed];
        }

        return new McpServerList(place.Project?.Id, place.Project?.Name, place.Workspace?.Id, place.Workspace?.Name, views, trust);
    }

    private async Task<McpServerView> WithProbeAsync(McpServerView view, Place place, bool force, CancellationToken cancellationToken)
    {
        if (StatusWithoutProbe(view) is { } blocked)
        {
            return view with { Probe = blocked };
        }

        var timeout = await TimeoutAsync(cancellationToken);
        return view with { Probe = await probes.GetAsync(view.Definition, place.Folder, timeout, force, cancellationToken) };
    }

    /// <summary>Disabled and untrusted servers are never started, not even to probe them.</summary>
    private static McpProbeResult? StatusWithoutProbe(McpServerView view) =>
        !view.Trusted ? McpProbeResult.Of(McpServerStatus.NotTrusted, "approve the project's .mcp.json to start it")
        : !view.Enabled ? McpProbeResult.Of(McpServerStatus.Disabled)
        : null;

    private async Task<TimeSpan> TimeoutAsync(CancellationToken cancellationToken) =>
        await settings.GetAsync(SettingKeys.McpProbeTimeout, cancellationToken) is { } text
        && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : DefaultTimeout;

    private async Task<McpTrustState?> TrustOfAsync(Project project, McpFileSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (snapshot.ProjectHash is not { } hash)
        {
            return null;
        }

        var approved = await state.GetTrustAsync(project.Id, cancellationToken);
        var servers = snapshot.Entries.Where(e => e.Origin.Scope == McpScope.Project).ToList();
        return new McpTrustState(
            project.Id,
            McpFileOptions.ProjectFile(project.Path),
            servers.Select(e => e.Definition).ToList(),
            approved?.ServersHash == hash,
            hash);
    }

    /// <summary>A project reference (name, id, path, or a workspace's worktree path) and an optional workspace reference.</summary>
    private async Task<Place> ResolveAsync(string? project, string? workspace, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(workspace))
        {
            var ws = await workspaces.ResolveAsync(workspace, cancellationToken);
            return new Place(await projects.ResolveAsync(ws.ProjectId, cancellationToken), ws);
        }

        if (string.IsNullOrWhiteSpace(project))
        {
            return new Place(null, null);
        }

        try
        {
            return new Place(await projects.ResolveAsync(project, cancellationToken), null);
        }
        catch (GroveException ex) when (ex.Kind == ErrorKind.NotFound && Path.IsPathFullyQualified(project))
        {
            // A worktree path maps back to its project: workspaces share the project's servers.
            var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(project));
            var ws = (await workspaces.ListAsync(cancellationToken: cancellationToken))
                .FirstOrDefault(w => string.Equals(Path.TrimEndingDirectorySeparator(w.WorktreePath), full, StringComparison.Ordinal));
            if (ws is null)
            {
                throw;
            }

            return new Place(await projects.ResolveAsync(ws.ProjectId, cancellationToken), ws);
        }
    }

    private sealed record Place(Project? Project, Workspace? Workspace)
    {
        /// <summary>Where a stdio server starts: the workspace's worktree, else the project folder.</summary>
        public string? Folder => Workspace?.WorktreePath ?? Project?.Path;

        public string Describe() =>
            Workspace is not null ? $" for workspace '{Workspace.Name}'" : Project is not null ? $" for project '{Project.Name}'" : " in user scope";
    }
}
