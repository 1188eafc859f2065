namespace Grove.Git.Watching;

/// <summary>What to watch in one folder and where its events go.</summary>
/// <param name="OnPath">Called with the full path of each created, changed, deleted or renamed (old and new) entry.</param>
/// <param name="OnError">Called when the watch fails after it started (an overflow, a watch limit reached).</param>
internal sealed record FolderWatchSpec(string Folder, bool Recursive, Action<string> OnPath, Action<Exception> OnError);

/// <summary>
/// Starts watching one folder; disposing the result stops it. Throws when the watch cannot be set up
/// (e.g. <see cref="IOException"/> when the inotify instance limit is reached). The seam tests use to
/// simulate running out of the watch budget without spending the real one.
/// </summary>
internal delegate IDisposable StartFolderWatch(FolderWatchSpec spec);

/// <summary>
/// The real folder watch: on Linux a share of the process's one inotify instance (<see cref="SharedInotify"/>),
/// elsewhere (or if that instance could not be had) a <see cref="FileSystemWatcher"/>.
/// </summary>
internal static class FolderWatch
{
    public static IDisposable Start(FolderWatchSpec spec) =>
        SharedInotify.Instance is { } inotify ? inotify.Watch(spec) : StartFileSystemWatcher(spec);

    /// <summary>One <see cref="FileSystemWatcher"/> (one inotify instance on Linux, .NET 10).</summary>
    public static IDisposable StartFileSystemWatcher(FolderWatchSpec spec)
    {
        var watcher = new FileSystemWatcher(spec.Folder)
        {
            IncludeSubdirectories = spec.Recursive,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        FileSystemEventHandler handler = (_, e) => spec.OnPath(e.FullPath);
        watcher.Changed += handler;
        watcher.Created += handler;
        watcher.Deleted += handler;
        watcher.Renamed += (_, e) =>
        {
            spec.OnPath(e.OldFullPath);
            spec.OnPath(e.FullPath);
        };
        watcher.Error += (_, e) => spec.OnError(e.GetException());
        try
        {
            watcher.EnableRaisingEvents = true;
        }
        catch
        {
            watcher.Dispose();
            throw;
        }

        return watcher;
    }
}
