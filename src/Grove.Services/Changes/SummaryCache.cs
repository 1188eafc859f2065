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

    /// <summary>Forgets a work tree Grove itself just changed (stage, commit, pull…), before its watcher may have noticed.</summary>
    public void Forget(string worktreePath) => _entries.TryRemove(worktreePath, out _);

    private sealed record Entry(long Generation, string? BaseKey, WorkspaceChangeSummary Summary);
}
