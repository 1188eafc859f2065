using Grove.Git.Watching;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Changes;

/// <summary>
/// Shares one <see cref="IWorkspaceWatcher"/> per work tree among any number of subscribers
/// (every open page's sidebar, a changes panel…): the first subscription starts the watcher, the
/// last one to leave stops it, so file watches don't multiply with browser tabs.
/// </summary>
public sealed class WorkspaceWatchHub(IWorkspaceWatcherFactory factory, ILogger<WorkspaceWatchHub> logger) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Number of work trees watched right now (for tests and diagnostics).</summary>
    public int WatchedCount
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// The <see cref="IWorkspaceWatcher.Generation"/> of the work tree's watcher: null when nobody
    /// watches it (or its watcher can't tell), so a status read then may be stale at once.
    /// </summary>
    public long? GenerationOf(string worktreePath)
    {
        var key = KeyOf(worktreePath);
        lock (_gate)
        {
            return _entries.TryGetValue(key, out var entry) ? entry.Watcher.Generation : null;
        }
    }

    /// <summary>
    /// Calls <paramref name="onChange"/> with each debounced batch of changes in the work tree until
    /// the returned subscription is disposed. Throws when the folder can't be watched (e.g. gone).
    /// </summary>
    public IAsyncDisposable Watch(string worktreePath, Action<WorkspaceChange> onChange)
    {
        var key = KeyOf(worktreePath);
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                entry = new Entry(this, factory.Watch(key));
                _entries[key] = entry;
            }

            var subscription = new Subscription(this, key, entry, onChange);
            entry.Handlers = [.. entry.Handlers, subscription];
            return subscription;
        }
    }

    private static string KeyOf(string worktreePath) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(worktreePath));

    public async ValueTask DisposeAsync()
    {
        Entry[] entries;
        lock (_gate)
        {
            entries = [.. _entries.Values];
            _entries.Clear();
        }

        foreach (var entry in entries)
        {
            await entry.Watcher.DisposeAsync();
        }
    }

    private async ValueTask LeaveAsync(string key, Entry entry, Subscription subscription)
    {
        var last = false;
        lock (_gate)
        {
            entry.Handlers = [.. entry.Handlers.Where(s => s != subscription)];
            if (entry.Handlers.Length == 0 && _entries.TryGetValue(key, out var current) && current == entry)
            {
                _entries.Remove(key);
                last = true;
            }
        }

        if (last)
        {
            await entry.Watcher.DisposeAsync();
        }
    }

    private void Dispatch(Entry entry, WorkspaceChange change)
    {
        foreach (var subscription in entry.Handlers)
        {
            try
            {
                subscription.OnChange(change);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // One subscriber's failure must not stop the others (or the watcher's timer).
                logger.LogWarning(ex, "A workspace change handler for {Path} failed", change.WorktreePath);
            }
        }
    }

    private sealed class Entry
    {
        public Entry(WorkspaceWatchHub hub, IWorkspaceWatcher watcher)
        {
            Watcher = watcher;
            watcher.Changed += change => hub.Dispatch(this, change);
        }

        public IWorkspaceWatcher Watcher { get; }

        /// <summary>Replaced (never mutated) under the hub's lock, so dispatch reads a stable array.</summary>
        public Subscription[] Handlers { get; set; } = [];
    }

    private sealed class Subscription(WorkspaceWatchHub hub, string key, Entry entry, Action<WorkspaceChange> onChange) : IAsyncDisposable
    {
        private int _disposed;

        public Action<WorkspaceChange> OnChange { get; } = onChange;

        public ValueTask DisposeAsync() =>
            Interlocked.Exchange(ref _disposed, 1) == 0 ? hub.LeaveAsync(key, entry, this) : ValueTask.CompletedTask;
    }
}
