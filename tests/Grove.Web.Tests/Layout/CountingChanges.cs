using System.Collections.Concurrent;
using Grove.Core.Changes;
using Grove.Core.Domain;
using Grove.Git.Changes;
using Grove.Services.Changes;

namespace Grove.Web.Tests.Layout;

/// <summary>
/// The real <see cref="IWorkspaceChanges"/>, with every totals request recorded (which workspaces, in
/// order) and a way to wait until requests made so far have finished: how a test knows the
/// sidebar counted without waiting for time to pass.
/// </summary>
internal sealed class CountingChanges(IWorkspaceChanges inner) : IWorkspaceChanges
{
    private readonly ConcurrentQueue<string> _requested = new();
    private readonly Lock _gate = new();
    private int _running;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How many workspace counts were asked for so far (a mark for <see cref="WaitForCountsAsync"/>).</summary>
    public int Requested => _requested.Count;

    /// <summary>Waits until each of <paramref name="workspaceIds"/> was counted in a request made after <paramref name="mark"/>, and no request is running.</summary>
    public async Task WaitForCountsAsync(int mark, IEnumerable<string> workspaceIds, CancellationToken cancellationToken)
    {
        var wanted = workspaceIds.ToHashSet(StringComparer.Ordinal);
        while (true)
        {
            Task next;
            lock (_gate)
            {
                if (_running == 0 && wanted.IsSubsetOf(_requested.Skip(mark)))
                {
                    return;
                }

                next = _changed.Task;
            }

            await next.WaitAsync(cancellationToken);
        }
    }

    public async Task<IReadOnlyList<WorkspaceTotals>> GetTotalsAsync(IReadOnlyList<Workspace> workspaces, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _running++;
        }

        try
        {
            return await inner.GetTotalsAsync(workspaces, cancellationToken);
        }
        finally
        {
            lock (_gate)
            {
                foreach (var workspace in workspaces)
                {
                    _requested.Enqueue(workspace.Id);
                }

                _running--;
                _changed.TrySetResult();
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public Task<WorkingTreeStatus> GetStatusAsync(string workspace, CancellationToken cancellationToken = default) => inner.GetStatusAsync(workspace, cancellationToken);

    public Task<DiffSummary> GetDiffSummaryAsync(string workspace, CancellationToken cancellationToken = default) => inner.GetDiffSummaryAsync(workspace, cancellationToken);

    public Task<string> GetDiffAsync(string workspace, string? path = null, CancellationToken cancellationToken = default) => inner.GetDiffAsync(workspace, path, cancellationToken);

    public Task<DiffSummary> GetUncommittedDiffSummaryAsync(string workspace, CancellationToken cancellationToken = default) => inner.GetUncommittedDiffSummaryAsync(workspace, cancellationToken);

    public Task<string> GetUncommittedDiffAsync(string workspace, string? path = null, CancellationToken cancellationToken = default) => inner.GetUncommittedDiffAsync(workspace, path, cancellationToken);

    public Task<DiffPreview> GetDiffPreviewAsync(string workspace, string? path, int maxChars = DiffPreview.DefaultMaxChars, CancellationToken cancellationToken = default) =>
        inner.GetDiffPreviewAsync(workspace, path, maxChars, cancellationToken);

    public Task<DiffPreview> GetUncommittedDiffPreviewAsync(string workspace, string? path, int maxChars = DiffPreview.DefaultMaxChars, CancellationToken cancellationToken = default) =>
        inner.GetUncommittedDiffPreviewAsync(workspace, path, maxChars, cancellationToken);

    public Task<IReadOnlyList<WorkspaceChangeSummary>> GetSummariesAsync(IReadOnlyList<Workspace> workspaces, CancellationToken cancellationToken = default) =>
        inner.GetSummariesAsync(workspaces, cancellationToken);

    public Task StageAsync(string workspace, IReadOnlyList<string> paths, CancellationToken cancellationToken = default) => inner.StageAsync(workspace, paths, cancellationToken);

    public Task UnstageAsync(string workspace, IReadOnlyList<string> paths, CancellationToken cancellationToken = default) => inner.UnstageAsync(workspace, paths, cancellationToken);

    public Task DiscardAsync(string workspace, IReadOnlyList<string> paths, CancellationToken cancellationToken = default) => inner.DiscardAsync(workspace, paths, cancellationToken);

    public Task<string> CommitAsync(string workspace, string message, IReadOnlyList<string>? paths = null, bool stageAll = false, CancellationToken cancellationToken = default) =>
        inner.CommitAsync(workspace, message, paths, stageAll, cancellationToken);

    public Task<bool> HasOriginAsync(string workspace, CancellationToken cancellationToken = default) => inner.HasOriginAsync(workspace, cancellationToken);

    public Task PushAsync(string workspace, Action<string>? onProgress = null, CancellationToken cancellationToken = default) => inner.PushAsync(workspace, onProgress, cancellationToken);

    public Task PullAsync(string workspace, CancellationToken cancellationToken = default) => inner.PullAsync(workspace, cancellationToken);

    public Task ForcePushAsync(string workspace, bool confirmProtected, CancellationToken cancellationToken = default) => inner.ForcePushAsync(workspace, confirmProtected, cancellationToken);

    public Task<IReadOnlyList<CommitInfo>> GetHistoryAsync(string workspace, int limit = 50, CancellationToken cancellationToken = default) => inner.GetHistoryAsync(workspace, limit, cancellationToken);

    public Task<IReadOnlyList<BranchInfo>> ListBranchesAsync(string workspace, CancellationToken cancellationToken = default) => inner.ListBranchesAsync(workspace, cancellationToken);
}
