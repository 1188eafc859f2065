using Grove.Core.Changes;
using Grove.Core.Errors;

namespace Grove.Git.Changes;

/// <summary>Many workspaces at once: the cost is bounded by git's own work, not by waiting in turn.</summary>
internal sealed partial class ChangesReader
{
    public async Task<IReadOnlyList<SnapshotResult>> GetSnapshotsAsync(IReadOnlyList<SnapshotRequest> requests, int? maxParallelism = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var parallelism = maxParallelism ?? Math.Max(2, Environment.ProcessorCount * 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1, nameof(maxParallelism));

        var results = new SnapshotResult[requests.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, requests.Count), options, async (i, token) =>
        {
            var request = requests[i];
            try
            {
                var snapshot = await GetSnapshotAsync(request.WorktreePath, request.BaseRef, token);
                results[i] = new SnapshotResult(request.WorktreePath, snapshot, null);
            }
            catch (GroveException ex)
            {
                results[i] = new SnapshotResult(request.WorktreePath, null, ex);
            }
        });
        return results;
    }
}
