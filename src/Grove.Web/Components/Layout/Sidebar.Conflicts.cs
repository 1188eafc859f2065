using System.Threading.Channels;
using Grove.Core.Conflicts;
using Grove.Core.Errors;
using Grove.Services.Conflicts;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;

namespace Grove.Web.Components.Layout;

/// <summary>
/// The conflict radar in the sidebar: a mark on each workspace that would conflict with another,
/// re-read when a workspace's change set changes (<see cref="IConflictRadar.Changed"/>, raised by the
/// same counts the sidebar already takes), never on a timer per pair.
/// </summary>
public sealed partial class Sidebar
{
    private readonly Dictionary<string, ConflictReport> _conflicts = new(StringComparer.Ordinal);
    private readonly Channel<string> _conflictProjects = Channel.CreateUnbounded<string>();

    [Inject] private IConflictRadar Radar { get; set; } = null!;

    private void OnConflictsChanged(string projectId) => _conflictProjects.Writer.TryWrite(projectId);

    /// <summary>Re-reads the report of each project whose change sets changed (several changes, one read).</summary>
    private async Task ConflictsLoopAsync(CancellationToken cancellationToken)
    {
        Radar.Changed += OnConflictsChanged;
        try
        {
            // A first read of every project: change sets recorded before this subscription raise nothing.
            foreach (var project in _projects ?? [])
            {
                _conflictProjects.Writer.TryWrite(project.Id);
            }

            while (await _conflictProjects.Reader.WaitToReadAsync(cancellationToken))
            {
                var projects = new HashSet<string>(StringComparer.Ordinal);
                while (_conflictProjects.Reader.TryRead(out var projectId))
                {
                    projects.Add(projectId);
                }

                foreach (var projectId in projects)
                {
                    try
                    {
                        var report = await Radar.GetAsync(projectId, refresh: false, cancellationToken);
                        await InvokeAsync(() =>
                        {
                            _conflicts[projectId] = report;
                            StateHasChanged();
                        });
                    }
                    catch (GroveException ex)
                    {
                        Logger.LogWarning("Could not read the conflict radar of project {Project}: {Error}", projectId, ex.Message);
                    }
                }
            }
        }
        finally
        {
            Radar.Changed -= OnConflictsChanged;
        }
    }

    /// <summary>The tooltip of a workspace's conflict mark (null when it conflicts with none).</summary>
    internal string? ConflictTitle(Core.Domain.Workspace workspace)
    {
        if (!_conflicts.TryGetValue(workspace.ProjectId, out var report))
        {
            return null;
        }

        var conflicts = report.For(workspace.Id).Where(o => o.Conflicts).ToList();
        return conflicts.Count == 0
            ? null
            : "Would conflict with " + string.Join("; ", conflicts.Select(o => $"{o.Other(workspace.Id).Workspace} ({string.Join(", ", o.ConflictedFiles)})"));
    }
}
