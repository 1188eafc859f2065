using System.Collections.Concurrent;
using System.Text;
using Grove.Core.Changes;
using Grove.Services.Changes;

namespace Grove.Services.Conflicts;

/// <summary>What one workspace changed against its base, as the status cache last read it.</summary>
internal sealed record ChangeSet(
    string WorkspaceId,
    string ProjectId,
    string WorktreePath,
    string? HeadOid,
    IReadOnlyDictionary<string, bool> Files,
    bool HasTrackedChanges,
    string Signature);

/// <summary>
/// The change set of every workspace Grove has counted (fed by <see cref="WorkspaceChanges.GetSummariesAsync"/>:
/// the sidebar, the live feeds, lists), so the conflict radar reads what is already known instead of
/// asking git again, and learns when a workspace's change set changed (<see cref="Changed"/>).
/// </summary>
internal sealed class ChangeSetBook
{
    private readonly ConcurrentDictionary<string, ChangeSet> _sets = new(StringComparer.Ordinal);

    /// <summary>Raised with a project id when the change set of one of its workspaces changed.</summary>
    public event Action<string>? Changed;

    public ChangeSet? Get(string workspaceId) => _sets.GetValueOrDefault(workspaceId);

    /// <summary>
    /// A workspace was archived, restored or deleted: its change set is dropped (read again when it
    /// is active) and its project's report may differ now, so <see cref="Changed"/> is raised (without
    /// it the sidebar and the changes panel kept warning about a conflict with an archived workspace).
    /// </summary>
    public void Forget(string workspaceId, string projectId)
    {
        _sets.TryRemove(workspaceId, out _);
        Changed?.Invoke(projectId);
    }

    public void Record(IReadOnlyList<WorkspaceChangeSummary> summaries)
    {
        HashSet<string>? changed = null;
        foreach (var summary in summaries)
        {
            if (summary.Status is not { } status || summary.Diff is not { } diff)
            {
                if (_sets.TryRemove(summary.Workspace.Id, out _))
                {
                    (changed ??= new(StringComparer.Ordinal)).Add(summary.Workspace.ProjectId);
                }

                continue;
            }

            var set = Build(summary, status, diff);
            if (!_sets.TryGetValue(set.WorkspaceId, out var known) || known.Signature != set.Signature)
            {
                _sets[set.WorkspaceId] = set;
                (changed ??= new(StringComparer.Ordinal)).Add(set.ProjectId);
            }
        }

        foreach (var project in changed ?? [])
        {
            Changed?.Invoke(project);
        }
    }

    private static ChangeSet Build(WorkspaceChangeSummary summary, WorkingTreeStatus status, DiffSummary diff)
    {
        var untracked = status.Files.Where(f => f.Kind == FileChangeKind.Untracked).Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var files = new Dictionary<string, bool>(StringComparer.Ordinal);
        var signature = new StringBuilder(status.Branch.Oid ?? "-").Append('\0');
        foreach (var file in diff.Files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            files[file.Path] = untracked.Contains(file.Path);
            signature.Append(file.Path).Append(':').Append(file.Added).Append(':').Append(file.Deleted).Append('\0');
        }

        // Uncommitted files: their size and time too, so an edit that keeps the line counts still counts.
        foreach (var file in status.Files.Where(f => f.Kind != FileChangeKind.Ignored).OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var info = new FileInfo(Path.Combine(summary.Workspace.WorktreePath, file.Path));
            signature.Append(file.Path).Append('@');
            if (info.Exists)
            {
                signature.Append(info.Length).Append(' ').Append(info.LastWriteTimeUtc.Ticks);
            }

            signature.Append('\0');
        }

        var hasTracked = status.Files.Any(f => f.Kind is not (FileChangeKind.Untracked or FileChangeKind.Ignored));
        return new ChangeSet(summary.Workspace.Id, summary.Workspace.ProjectId, summary.Workspace.WorktreePath, status.Branch.Oid, files, hasTracked, signature.ToString());
    }
}
