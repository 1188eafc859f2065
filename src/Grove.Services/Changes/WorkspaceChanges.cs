using System.Collections.Concurrent;
using Grove.Core.Changes;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Data.Stores;
using Grove.Git.Changes;
using Grove.Git.Worktrees;
using Grove.Services.Workspaces;

namespace Grove.Services.Changes;

internal sealed class WorkspaceChanges(
    IWorkspaceService workspaceService,
    IProjectStore projects,
    IChangesReader reader,
    IChangesWriter writer,
    IWorktreeManager worktrees,
    Conflicts.ChangeSetBook changeSets,
    WorkspaceWatchHub watchHub,
    SummaryCache summaries,
    PullRequests.OriginUrls origins,
    TimeProvider time,
    Analytics.IAnalytics analytics) : IWorkspaceChanges
{
    public async Task<WorkingTreeStatus> GetStatusAsync(string workspace, CancellationToken cancellationToken = default) =>
        await reader.GetStatusAsync(await WorktreeOfAsync(workspace, cancellationToken), cancellationToken);

    public async Task<DiffSummary> GetDiffSummaryAsync(string workspace, CancellationToken cancellationToken = default)
    {
        var resolved = await RequireAsync(workspace, cancellationToken);
        return await reader.GetDiffSummaryAsync(resolved.WorktreePath, await BaseRefAsync(resolved, cancellationToken), cancellationToken);
    }

    public async Task<string> GetDiffAsync(string workspace, string? path = null, CancellationToken cancellationToken = default)
    {
        var resolved = await RequireAsync(workspace, cancellationToken);
        return await reader.GetDiffAsync(resolved.WorktreePath, await BaseRefAsync(resolved, cancellationToken), path, cancellationToken);
    }

    public async Task<DiffSummary> GetUncommittedDiffSummaryAsync(string workspace, CancellationToken cancellationToken = default) =>
        await reader.GetDiffSummaryAsync(await WorktreeOfAsync(workspace, cancellationToken), null, cancellationToken);

    public async Task<string> GetUncommittedDiffAsync(string workspace, string? path = null, CancellationToken cancellationToken = default) =>
        await reader.GetDiffAsync(await WorktreeOfAsync(workspace, cancellationToken), null, path, cancellationToken);

    public async Task<DiffPreview> GetDiffPreviewAsync(string workspace, string? path, int maxChars = DiffPreview.DefaultMaxChars, CancellationToken cancellationToken = default)
    {
        var resolved = await RequireAsync(workspace, cancellationToken);
        return await reader.GetDiffPreviewAsync(resolved.WorktreePath, await BaseRefAsync(resolved, cancellationToken), path, maxChars, cancellationToken);
    }

    public async Task<DiffPreview> GetUncommittedDiffPreviewAsync(string workspace, string? path, int maxChars = DiffPreview.DefaultMaxChars, CancellationToken cancellationToken = default) =>
        await reader.GetDiffPreviewAsync(await WorktreeOfAsync(workspace, cancellationToken), null, path, maxChars, cancellationToken);

    public async Task<IReadOnlyList<WorkspaceChangeSummary>> GetSummariesAsync(IReadOnlyList<Workspace> workspaces, CancellationToken cancellationToken = default)
    {
        var outsideGit = new HashSet<string>(StringComparer.Ordinal);
        foreach (var projectId in workspaces.Where(w => w.Mode == WorkspaceMode.Local).Select(w => w.ProjectId).Distinct())
        {
            if (await projects.GetAsync(projectId, cancellationToken) is { IsGitRepo: false })
            {
                outsideGit.Add(projectId);
            }
        }

        // A watched work tree whose watcher has not fired since it was last read is not read again.
        var results = new WorkspaceChangeSummary[workspaces.Count];
        var toRead = new List<int>();
        for (var i = 0; i < workspaces.Count; i++)
        {
            var workspace = workspaces[i];
            if (!Directory.Exists(workspace.WorktreePath))
            {
                results[i] = new WorkspaceChangeSummary(workspace, null, null, "worktree missing");
            }
            else if (workspace.Mode == WorkspaceMode.Local && outsideGit.Contains(workspace.ProjectId))
            {
                // A local-mode folder without git: nothing to count, and nothing wrong.
                results[i] = new WorkspaceChangeSummary(workspace, null, null, null);
            }
            else if (summaries.TryGet(workspace.WorktreePath, BaseKey(workspace), watchHub.GenerationOf(workspace.WorktreePath)) is { } known)
            {
                results[i] = known with { Workspace = workspace };
            }
            else
            {
                toRead.Add(i);
            }
        }

        // Refs are shared by every worktree of a repository: resolve each (project, base) once, when a read needs it.
        var baseRefs = new ConcurrentDictionary<(string, string?), Lazy<Task<string?>>>();
        Task<string?> BaseRefOf(Workspace workspace) =>
            baseRefs.GetOrAdd(
                (workspace.ProjectId, workspace.Mode == WorkspaceMode.Local ? null : workspace.BaseBranch),
                _ => new Lazy<Task<string?>>(() => BaseRefAsync(workspace, CancellationToken.None))).Value;

        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(4, Environment.ProcessorCount * 2), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(toRead, options, async (i, ct) =>
        {
            var workspace = workspaces[i];
            var generation = watchHub.GenerationOf(workspace.WorktreePath); // before the read: a change during it fires again
            var summary = await summaries.ReadOnceAsync(workspace.WorktreePath, BaseKey(workspace), generation, () => ReadSummaryAsync(workspace, BaseRefOf(workspace)), ct);
            results[i] = summary with { Workspace = workspace };
        });
        changeSets.Record(results);
        return results;
    }

    /// <summary>One work tree's status and diff totals (git status, and the diff only when its fingerprint moved); an error is its message.</summary>
    private async Task<WorkspaceChangeSummary> ReadSummaryAsync(Workspace workspace, Task<string?> baseRef)
    {
        try
        {
            var snapshot = await reader.GetSnapshotAsync(workspace.WorktreePath, await baseRef, CancellationToken.None);
            return new WorkspaceChangeSummary(workspace, snapshot.Status, snapshot.Diff, null);
        }
        catch (GroveException ex)
        {
            return new WorkspaceChangeSummary(workspace, null, null, ex.Message);
        }
    }

    public async Task<IReadOnlyList<WorkspaceTotals>> GetTotalsAsync(IReadOnlyList<Workspace> workspaces, CancellationToken cancellationToken = default)
    {
        var summaries = await GetSummariesAsync(workspaces, cancellationToken);
        var now = time.GetUtcNow();
        return [.. summaries.Select(s => new WorkspaceTotals(
            s.Workspace.Id,
            s.Status?.Branch.Head,
            s.Diff?.Files.Count ?? s.Status?.Files.Count ?? 0,
            s.Diff?.Added ?? 0,
            s.Diff?.Deleted ?? 0,
            s.Status?.Branch.Ahead ?? 0,
            s.Status?.Branch.Behind ?? 0,
            s.Error,
            now,
            Git: s.Status is not null || s.Error is not null))];
    }

    public Task StageAsync(string workspace, IReadOnlyList<string> paths, CancellationToken cancellationToken = default) =>
        ChangeAsync(workspace, worktree => writer.StageAsync(worktree, paths, cancellationToken), cancellationToken);

    public Task UnstageAsync(string workspace, IReadOnlyList<string> paths, CancellationToken cancellationToken = default) =>
        ChangeAsync(workspace, worktree => writer.UnstageAsync(worktree, paths, cancellationToken), cancellationToken);

    public Task DiscardAsync(string workspace, IReadOnlyList<string> paths, CancellationToken cancellationToken = default) =>
        ChangeAsync(workspace, worktree => writer.DiscardAsync(worktree, paths, cancellationToken), cancellationToken);

    public async Task<string> CommitAsync(string workspace, string message, IReadOnlyList<string>? paths = null, bool stageAll = false, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            throw new GroveException(ErrorKind.InvalidInput, "A commit message is required.");
        }

        var worktree = await WorktreeOfAsync(workspace, cancellationToken);
        try
        {
            var sha = await writer.CommitAsync(worktree, message, paths, stageAll, cancellationToken);
            analytics.Track(Analytics.AnalyticsEvents.CommitCreated);
            return sha;
        }
        catch (GroveException ex) when (ex.Kind == ErrorKind.InvalidInput && ex.Message == "nothing to commit" && !stageAll)
        {
            // Say what was left out: new files are not committed unless staged (or everything is).
            var status = await reader.GetStatusAsync(worktree, cancellationToken);
            var untracked = status.Files.Count(f => f.Kind == FileChangeKind.Untracked
                && (paths is not { Count: > 0 } || paths.Any(p => f.Path == p.Trim('/') || f.Path.StartsWith(p.Trim('/') + "/", StringComparison.Ordinal))));
            throw new NothingToCommitException(untracked, ex);
        }
        finally
        {
            summaries.Forget(worktree);
        }
    }

    public async Task<bool> HasOriginAsync(string workspace, CancellationToken cancellationToken = default) =>
        (await origins.GetAsync(await WorktreeOfAsync(workspace, cancellationToken), cancellationToken)).Length > 0;

    public Task PushAsync(string workspace, Action<string>? onProgress = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(workspace, worktree => writer.PushAsync(worktree, "origin", onProgress, cancellationToken), cancellationToken);

    public Task PullAsync(string workspace, CancellationToken cancellationToken = default) =>
        ChangeAsync(workspace, worktree => writer.PullRebaseAsync(worktree, cancellationToken), cancellationToken);

    public Task ForcePushAsync(string workspace, bool confirmProtected, CancellationToken cancellationToken = default) =>
        ChangeAsync(workspace, worktree => writer.ForcePushWithLeaseAsync(worktree, "origin", confirmProtected, cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<CommitInfo>> GetHistoryAsync(string workspace, int limit = 50, CancellationToken cancellationToken = default)
    {
        var resolved = await RequireAsync(workspace, cancellationToken);
        return await writer.GetHistoryAsync(resolved.WorktreePath, limit, null, cancellationToken);
    }

    public async Task<IReadOnlyList<BranchInfo>> ListBranchesAsync(string workspace, CancellationToken cancellationToken = default) =>
        await writer.ListBranchesAsync(await WorktreeOfAsync(workspace, cancellationToken), includeRemote: true, cancellationToken);

    /// <summary>Runs a change Grove makes itself, then drops the cached summary (its watcher may not have fired yet).</summary>
    private async Task ChangeAsync(string workspace, Func<string, Task> change, CancellationToken cancellationToken)
    {
        var worktree = await WorktreeOfAsync(workspace, cancellationToken);
        try
        {
            await change(worktree);
        }
        finally
        {
            summaries.Forget(worktree);
        }
    }

    /// <summary>What a summary's diff is against besides the work tree: the project and base branch (none in local mode).</summary>
    private static string BaseKey(Workspace workspace) =>
        workspace.Mode == WorkspaceMode.Local ? workspace.ProjectId : $"{workspace.ProjectId}\0{workspace.BaseBranch}";

    private async Task<string> WorktreeOfAsync(string workspace, CancellationToken cancellationToken) =>
        (await RequireAsync(workspace, cancellationToken)).WorktreePath;

    private async Task<Workspace> RequireAsync(string reference, CancellationToken cancellationToken)
    {
        var workspace = await workspaceService.ResolveAsync(reference, cancellationToken);
        if (!Directory.Exists(workspace.WorktreePath))
        {
            throw new GroveException(
                ErrorKind.NotFound,
                workspace.IsArchived
                    ? $"Workspace '{workspace.Name}' is archived without a worktree; 'grove ws restore {workspace.Name}' first."
                    : $"The worktree of '{workspace.Name}' is missing ({workspace.WorktreePath}); run 'grove doctor'.");
        }

        if (await projects.GetAsync(workspace.ProjectId, cancellationToken) is not { IsGitRepo: true })
        {
            throw new GroveException(ErrorKind.InvalidInput, $"Workspace '{workspace.Name}' is not in a git repository.");
        }

        return workspace;
    }

    /// <summary>origin/&lt;base&gt; when it exists (what the PR will be against), else the local base.</summary>
    private async Task<string?> BaseRefAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        if (workspace.BaseBranch is null || workspace.Mode == WorkspaceMode.Local)
        {
            return null;
        }

        foreach (var candidate in new[] { $"origin/{workspace.BaseBranch}", workspace.BaseBranch })
        {
            if (await worktrees.ResolveCommitAsync(workspace.WorktreePath, candidate, cancellationToken) is not null)
            {
                return candidate;
            }
        }

        return null;
    }
}
