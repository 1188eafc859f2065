using System.Text.Json;
using Grove.Core.Paths;
using Grove.Core.Updates;

namespace Grove.Services.Updates;

/// <summary>
/// The last check's result in <c>&lt;data&gt;/updates/last-check.json</c>, so <c>grove --version</c> can
/// mention a newer release without touching the network or the database. Removed when the URL is cleared.
/// </summary>
public static class UpdateCache
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string PathFor(GrovePaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Path.Combine(paths.DataRoot, "updates", "last-check.json");
    }

    /// <summary>The cached result, or null when there is none or it cannot be read.</summary>
    public static UpdateStatus? Read(GrovePaths paths)
    {
        try
        {
            var path = PathFor(paths);
            return File.Exists(path) ? JsonSerializer.Deserialize<UpdateStatus>(File.ReadAllText(path), Options) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    internal static void Write(GrovePaths paths, UpdateStatus status)
    {
        var path = PathFor(paths);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(status, Options));
        File.Move(temporary, path, overwrite: true);
    }

    internal static void Clear(GrovePaths paths) => File.Delete(PathFor(paths));
}
