using System.Text;
using Grove.Core.Paths;

namespace Grove.Services.Tests.Logging;

/// <summary>Reads Grove's log files while a Grove process may still write them.</summary>
internal static class LogTestFiles
{
    public static IReadOnlyList<string> GroveLogs(GrovePaths paths) =>
        Directory.Exists(paths.LogsDirectory)
            ? [.. Directory.EnumerateFiles(paths.LogsDirectory, "grove-*.log").Order(StringComparer.Ordinal)]
            : [];

    public static string ReadAll(GrovePaths paths) => string.Concat(GroveLogs(paths).Select(Read));

    public static string Read(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>Every file under the logs folder (Grove's log, raw agent logs, setup logs), as text.</summary>
    public static IEnumerable<(string Path, string Text)> EverythingUnder(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => (f, Read(f)));
}
