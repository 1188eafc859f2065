using Grove.Core.Paths;

namespace Grove.Services.Agents;

/// <summary>Raw agent logs (<c>GROVE_RAW_LOG=1</c>) live in <c>&lt;data&gt;/logs/agents</c> and are deleted after 7 days.</summary>
public static class AgentLogJanitor
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(7);

    public static string Folder(GrovePaths paths) => Path.Combine(paths.LogsDirectory, "agents");

    /// <summary>Deletes raw logs older than <see cref="MaxAge"/>; returns how many went.</summary>
    public static int Clean(GrovePaths paths, TimeProvider time)
    {
        var folder = Folder(paths);
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var cutoff = time.GetUtcNow().UtcDateTime - MaxAge;
        var deleted = 0;
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            try
            {
                if (File.GetLastWriteTimeUtc(file) < cutoff)
                {
                    File.Delete(file);
                    deleted++;
                }
            }
            catch (IOException)
            {
                // In use or already gone: the next start-up tries again.
            }
        }

        return deleted;
    }
}
