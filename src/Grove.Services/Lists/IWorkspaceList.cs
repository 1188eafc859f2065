using Grove.Core.Domain;

namespace Grove.Services.Lists;

/// <summary>
/// The projects, workspaces (archived ones too) and agent tabs as stored, read once for every page
/// that shows them (each open page's sidebar). It is re-read when a front end says it changed
/// something (<see cref="RefreshAsync"/>) and, while anyone listens to <see cref="Changed"/>, every
/// <see cref="WorkspaceList.PollInterval"/>, which catches what the CLI writes to the database directly;
/// listeners hear of a read only when it differs from the last one.
/// </summary>
public interface IWorkspaceList
{
    /// <summary>The last read if younger than the poll interval (a listening page shows no newer), else a new read.</summary>
    Task<WorkspaceListSnapshot> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads again now (after a change made here); raises <see cref="Changed"/> when the lists differ. Returns the newest read.</summary>
    Task<WorkspaceListSnapshot> RefreshAsync(CancellationToken cancellationToken = default);

    /// <summary>A read differed from the one before. Raised off any caller's thread; a listener must not block.</summary>
    event Action<WorkspaceListSnapshot>? Changed;
}

/// <summary>One read of the lists; <see cref="Version"/> grows with each read that differed from the one before.</summary>
public sealed record WorkspaceListSnapshot(long Version, IReadOnlyList<Project> Projects, IReadOnlyList<Workspace> Workspaces, IReadOnlyList<AgentTab> Tabs)
{
    /// <summary>The same projects, workspaces and tabs, in the same order (records compare by value).</summary>
    public bool SameListsAs(WorkspaceListSnapshot other) =>
        Projects.SequenceEqual(other.Projects) && Workspaces.SequenceEqual(other.Workspaces) && Tabs.SequenceEqual(other.Tabs);
}
