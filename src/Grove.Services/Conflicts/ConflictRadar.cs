using System.Collections.Concurrent;
using Grove.Core.Conflicts;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Git.Merging;
using Grove.Services.Changes;
using Grove.Services.Projects;
using Grove.Services.Workspaces;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Conflicts;

internal sealed class ConflictRadar : IConflictRadar, IDisposable
{
    private const int MaxCached = 4096;

    private readonly ConcurrentDictionary<(string, string), MergeDryRun> _merges = new();
    private readonly ConcurrentDictionary<(string WorkspaceId, string Signature), string> _commits = new();
    private readonly IProjectService _projects;
    private readonly IWorkspaceService _workspaces;
    private readonly IWorkspaceChanges _changes;
    private readonly ChangeSetBook _book;
    private readonly IMergeDryRunner _merger;
    private readonly TimeProvider _time;
    private readonly ILogger<ConflictRadar> _logger;

    public ConflictRadar(IProjectService projects, IWorkspaceService workspaces, IWorkspaceChanges changes, ChangeSetBook book, IMergeDryRunner merger, TimeProvider time, ILogger<ConflictRadar> logger)
    {
        _projects = projects;
        _workspaces = workspaces;
        _changes = changes;
        _book = book;
        _merger = merger;
        _time = time;
        _logger = logger;
        _book.Changed += OnBookChanged;
    }

    public event Action<string>? Changed;

    public async Task<ConflictReport> GetAsync(string project, bool refresh = true, CancellationToken cancellationToken = default)
    {
        var resolved = await _projects.ResolveAsync(project, cancellationToken);
        return await ReportAsync(resolved, refresh, cancellationToken);
    }

    public async Task<IReadOnlyList<ConflictReport>> GetAllAsync(bool refresh = true, CancellationToken cancellationToken = default)
    {
        var reports = new List<ConflictReport>();
        foreach (var project in await _projects.ListAsync(cancellationToken))
        {
            reports.Add(await ReportAsync(project, refresh, cancellationToken));
        }

        return reports;
    }

    public void Dispose() => _book.Changed -= OnBookChanged;

    private void OnBookChanged(string projectId) => Changed?.Invoke(projectId);

    private async Task<ConflictReport> ReportAsync(Project project, bool refresh, CancellationToken cancellationToken)
    {
        var active = (await _workspaces.ListAsync(project.Id, includeArchived: false, cancellationToken))
            .Where(w => !w.IsArchived && Directory.Exists(w.WorktreePath))
            .ToList();
        if (active.Count < 2)
        {
            return new ConflictReport(project.Id, project.Name, [], _time.GetUtcNow());
        }

        var toRead = refresh ? active : [.. active.Where(w => _book.Get(w.Id) is null)];
        if (toRead.Count > 0)
        {
            await _changes.GetSummariesAsync(toRead, cancellationToken); // records each change set in the book
        }

        var sets = active.Select(w => (Workspace: w, Set: _book.Get(w.Id))).Where(x => x.Set is { Files.Count: > 0 }).ToList();
        var overlaps = new List<WorkspaceOverlap>();
        for (var i = 0; i < sets.Count; i++)
        {
            for (var j = i + 1; j < sets.Count; j++)
            {
                var (a, setA) = sets[i];
                var (b, setB) = sets[j];
                var shared = setA!.Files.Keys.Where(setB!.Files.ContainsKey).Order(StringComparer.Ordinal).ToList();
                if (shared.Count > 0)
                {
                    overlaps.Add(await JudgeAsync(a, setA, b, setB, shared, cancellationToken));
                }
            }
        }

        return new ConflictReport(
            project.Id,
            project.Name,
            [.. overlaps.OrderByDescending(o => o.Conflicts).ThenBy(o => o.A.Workspace, StringComparer.Ordinal).ThenBy(o => o.B.Workspace, StringComparer.Ordinal)],
            _time.GetUtcNow());
    }

    private async Task<WorkspaceOverlap> JudgeAsync(Workspace a, ChangeSet setA, Workspace b, ChangeSet setB, IReadOnlyList<string> shared, CancellationToken cancellationToken)
    {
        var sideA = new ConflictSide(a.Id, a.Name, a.Branch);
        var sideB = new ConflictSide(b.Id, b.Name, b.Branch);
        try
        {
            var commitA = await CommitOfAsync(setA, cancellationToken);
            var commitB = await CommitOfAsync(setB, cancellationToken);
            var key = string.CompareOrdinal(commitA, commitB) <= 0 ? (commitA, commitB) : (commitB, commitA);
            if (!_merges.TryGetValue(key, out var merge))
            {
                merge = await _merger.MergeTreeAsync(setA.WorktreePath, key.Item1, key.Item2, cancellationToken);
                Remember(_merges, key, merge);
            }

            // Untracked files are not in the commits: a shared one conflicts when the two copies differ.
            var conflicted = merge.ConflictedFiles.Where(shared.Contains).ToHashSet(StringComparer.Ordinal);
            foreach (var file in shared.Where(f => setA.Files[f] || setB.Files[f]))
            {
                if (!SameContent(setA.WorktreePath, setB.WorktreePath, file))
                {
                    conflicted.Add(file);
                }
            }

            return new WorkspaceOverlap(sideA, sideB, shared, [.. conflicted.Order(StringComparer.Ordinal)]);
        }
        catch (GroveException ex)
        {
            _logger.LogWarning("Conflict radar: could not dry-run {A} and {B}: {Error}", a.Name, b.Name, ex.Message);
            return new WorkspaceOverlap(sideA, sideB, shared, [], ex.Message);
        }
    }

    /// <summary>The commit standing for a workspace's work: HEAD, or a stash-like commit when it has uncommitted tracked changes.</summary>
    private async Task<string> CommitOfAsync(ChangeSet set, CancellationToken cancellationToken)
    {
        if (!set.HasTrackedChanges && set.HeadOid is { Length: > 0 } head && head != "(initial)")
        {
            return head;
        }

        if (_commits.TryGetValue((set.WorkspaceId, set.Signature), out var known))
        {
            return known;
        }

        var commit = await _merger.WorkTreeCommitAsync(set.WorktreePath, cancellationToken);
        Remember(_commits, (set.WorkspaceId, set.Signature), commit);
        return commit;
    }

    private static bool SameContent(string worktreeA, string worktreeB, string relative)
    {
        try
        {
            var pathA = Path.Combine(worktreeA, relative);
            var pathB = Path.Combine(worktreeB, relative);
            var infoA = new FileInfo(pathA);
            var infoB = new FileInfo(pathB);
            if (!infoA.Exists || !infoB.Exists || infoA.Length != infoB.Length || infoA.LinkTarget is not null || infoB.LinkTarget is not null)
            {
                return false;
            }

            return File.ReadAllBytes(pathA).AsSpan().SequenceEqual(File.ReadAllBytes(pathB));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void Remember<TKey, TValue>(ConcurrentDictionary<TKey, TValue> cache, TKey key, TValue value) where TKey : notnull
    {
        if (cache.Count >= MaxCached)
        {
            cache.Clear();
        }

        cache[key] = value;
    }
}
