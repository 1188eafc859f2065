namespace Grove.Services.Logging;

/// <summary>
/// At start-up: Grove's log files (<c>grove-*.log</c>) older than the age limit are deleted, then the
/// oldest until all of them fit the total cap. Other files in the folder are never touched.
/// </summary>
internal static class LogRetention
{
    public const string FilePattern = "grove-*.log";

    public static int Prune(string directory, DateTimeOffset now, TimeSpan maxAge, long totalSizeLimitBytes)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        var deleted = 0;
        var kept = new List<FileInfo>();
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles(FilePattern).OrderByDescending(f => f.LastWriteTimeUtc))
        {
            if (now - new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero) > maxAge)
            {
                deleted += TryDelete(file);
            }
            else
            {
                kept.Add(file);
            }
        }

        long total = 0;
        foreach (var file in kept)
        {
            total += file.Length;
            if (total > totalSizeLimitBytes)
            {
                deleted += TryDelete(file);
            }
        }

        return deleted;
    }

    private static int TryDelete(FileInfo file)
    {
        try
        {
            file.Delete();
            return 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another Grove process may hold it open (Windows); the next start-up tries again.
            return 0;
        }
    }
}
