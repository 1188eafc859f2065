using Grove.Git.Watching;

namespace Grove.Git.Tests.Watching;

/// <summary>
/// Stands in for <see cref="FolderWatch.Start"/>: records each folder watch (no real inotify is used,
/// so tests can run out of the budget without touching the machine's), and throws
/// <see cref="Failure"/> from the <see cref="FailFrom"/>th start on.
/// </summary>
internal sealed class FakeFolderWatches
{
    private readonly List<FakeFolderWatch> _started = [];

    /// <summary>The 0-based start that fails first; null never fails.</summary>
    public int? FailFrom { get; init; }

    public Exception Failure { get; init; } = new IOException("no failure configured");

    public IReadOnlyList<FakeFolderWatch> Started
    {
        get
        {
            lock (_started)
            {
                return [.. _started];
            }
        }
    }

    public int Attempts { get; private set; }

    public IDisposable Start(FolderWatchSpec spec)
    {
        lock (_started)
        {
            var attempt = Attempts++;
            if (FailFrom is { } failFrom && attempt >= failFrom)
            {
                throw Failure;
            }

            var watch = new FakeFolderWatch(spec);
            _started.Add(watch);
            return watch;
        }
    }
}

internal sealed class FakeFolderWatch(FolderWatchSpec spec) : IDisposable
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FolderWatchSpec Spec { get; } = spec;

    /// <summary>Completes when the watch is disposed (its inotify instance would be given back).</summary>
    public Task Released => _released.Task;

    public void Dispose() => _released.TrySetResult();
}
