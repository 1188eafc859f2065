using System.Text.Json;
using Grove.Core.Paths;

namespace Grove.Server.Hosting;

/// <summary>What a running server tells the CLI: where it listens and which process it is.</summary>
public sealed record ServerInfo(int Port, int Pid, DateTimeOffset StartedAt);

/// <summary><c>&lt;data&gt;/server.json</c>: written by <c>grove serve</c> at start, removed at exit.</summary>
public static class ServerInfoFile
{
    public const string FileName = "server.json";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string PathIn(GrovePaths paths) => Path.Combine(paths.DataRoot, FileName);

    public static void Write(GrovePaths paths, ServerInfo info)
    {
        var path = PathIn(paths);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(info, Options));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The recorded server, or null when there is no file or it cannot be read.</summary>
    public static ServerInfo? Read(GrovePaths paths)
    {
        try
        {
            return JsonSerializer.Deserialize<ServerInfo>(File.ReadAllText(PathIn(paths)), Options);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Removes the file if it still describes <paramref name="pid"/> (a newer server's file is left alone).</summary>
    public static void Remove(GrovePaths paths, int pid)
    {
        if (Read(paths) is { } info && info.Pid == pid)
        {
            File.Delete(PathIn(paths));
        }
    }
}
