namespace Grove.Git.Watching;

/// <summary>
/// Recognises the Linux inotify limits in the exceptions <see cref="FileSystemWatcher"/> raises:
/// <c>fs.inotify.max_user_instances</c> (128 by default; one per watcher) when starting fails with
/// EMFILE/ENFILE, <c>fs.inotify.max_user_watches</c> (one per watched directory) when adding a
/// directory fails with ENOSPC (reported through the watcher's Error event).
/// </summary>
internal static class WatchLimits
{
    public const string MaxUserInstances = "fs.inotify.max_user_instances";
    public const string MaxUserWatches = "fs.inotify.max_user_watches";

    // errno values .NET puts in IOException.HResult for these failures (Linux).
    private const int Enfile = 23;
    private const int Emfile = 24;
    private const int Enospc = 28;

    /// <summary>The sysctl setting whose limit <paramref name="exception"/> reports; null when it reports something else.</summary>
    public static string? SettingFor(Exception exception)
    {
        if (exception is not IOException io)
        {
            return null;
        }

        if (io.Message.Contains("inotify instances", StringComparison.OrdinalIgnoreCase))
        {
            return MaxUserInstances;
        }

        if (io.Message.Contains("inotify watches", StringComparison.OrdinalIgnoreCase))
        {
            return MaxUserWatches;
        }

        // A localized message: fall back on the errno (only meaningful on Linux).
        if (!OperatingSystem.IsLinux() || io.GetType() != typeof(IOException))
        {
            return null;
        }

        return io.HResult switch
        {
            Emfile or Enfile => MaxUserInstances,
            Enospc => MaxUserWatches,
            _ => null,
        };
    }
}
