using System.Collections.Concurrent;

namespace Grove.Services.Changes;

/// <summary>
/// The last status and diff totals of each watched work tree, with the watcher generation they were
/// read at (<see cref="WorkspaceWatchHub.GenerationOf"/>, taken before the read). While the generation
/// is the same nothing that git status reports can have changed, so a refresh of many workspaces
/// runs git only for those whose watcher fired. Unwatched work trees (no generation) are never kept.
/// </summary>
internal sealed class SummaryCache
{
    private const int MaxEntries = 4096;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Path, string? BaseKey, long Generation), Lazy<Task<WorkspaceChangeSummary>>> _reading = new();

    /// <summary>The summary read at <paramref name="generation"/> against <paramref name="baseKey"/>, if any.</summary>
    public WorkspaceChangeSummary? TryGet(string worktreePath, string? baseKey, long? generation) =>
        generation is { } current && _entries.TryGetValue(worktreePath, out var entry) && entry.Generation == current && entry.BaseKey == baseKey
            ? entry.Summary
            : null;

    /// <summary>Keeps a summary read after the watcher was at <paramref name="generation"/>; errors are not kept.</summary>
    public void Set(string worktreePath, string? baseKey, long? generation, WorkspaceChangeSummary summary)
    {
        if (generation is not { } readAt || summary.Error is not null)
        {
            _entries.TryRemove(worktreePath, out _);
            return;
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[worktreePath] = new Entry(readAt, baseKey, summary);
    }

    /// <summary>
    /// Runs <paramref name="read"/> once for callers that ask for the same work tree, base and watcher
    /// generation at the same time (several pages' sidebars and feeds after one change): they share its
    /// result, so one change costs one read. The read runs to its end even when a caller gives up
    /// (git reads are bounded by their own timeout); unwatched work trees are read by each caller.
    /// </summary>
    public Task<WorkspaceChangeSummary> ReadOnceAsync(string worktreePath, string? baseKey, long? generation, Func<Task<WorkspaceChangeSummary>> read, CancellationToken cancellationToken)
    {
        if (generation is not { } readAt)
        {
            return ReadUnwatchedAsync(worktreePath, read);
        }

        var key = (worktreePath, baseKey, readAt);
        var shared = _reading.GetOrAdd(key, k => new Lazy<Task<WorkspaceChangeSummary>>(() => ReadAndLeaveAsync(k, read)));
        return shared.Value.WaitAsync(cancellationToken);
    }

    private async Task<WorkspaceChangeSummary> ReadUnwatchedAsync(string worktreePath, Func<Task<WorkspaceChangeSummary>> read)
    {
        var summary = await read();
        Forget(worktreePath); // nothing tells when it goes stale
        return summary;
    }

    private async Task<WorkspaceChangeSummary> ReadAndLeaveAsync((string Path, string? BaseKey, long Generation) key, Func<Task<WorkspaceChangeSummary>> read)
    {
        try
        {
            await Task.Yield(); // never inside GetOrAdd's factory
            var summary = await read();
            Set(key.Path, key.BaseKey, key.Generation, summary);
            return summary;
        }
        finally
        {
            _reading.TryRemove(key, out _);
        }
    }

    /// <summary>Forgets a work tree Grove itself just changed (stage, commit, pull…), before its watcher may have noticed.</summary>
    public void Forget(string worktreePath) => _entries.TryRemove(worktreePath, out _);

    private sealed record Entry(long Generation, string? BaseKey, WorkspaceChangeSummary Summary);
}
