using Grove.Core.Errors;
using Grove.Core.Paths;

namespace Grove.Server.Hosting;

/// <summary>
/// <c>&lt;data&gt;/server.lock</c>, held open with an exclusive lock (<c>flock</c> on Linux and macOS, a
/// sharing lock on Windows) while <c>grove serve</c> runs: a second server on the same data folder is
/// refused at once, even when both start together, so one admission gate, one SQLite writer and one
/// owner of the worktrees' agents. The operating system drops the lock when the process ends, also
/// after a crash, so no stale lock is ever left behind.
/// </summary>
public sealed class ServerLock : IDisposable
{
    public const string FileName = "server.lock";

    private readonly FileStream _file;

    private ServerLock(FileStream file) => _file = file;

    /// <summary>Takes the lock, or throws a <see cref="ErrorKind.Conflict"/> naming the server that holds it.</summary>
    public static ServerLock Acquire(GrovePaths paths)
    {
        Directory.CreateDirectory(paths.DataRoot);
        var path = Path.Combine(paths.DataRoot, FileName);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            return new ServerLock(new FileStream(path, options));
        }
        catch (IOException)
        {
            var where = ServerInfoFile.Read(paths) is { } info ? $" on port {info.Port} (pid {info.Pid})" : "";
            throw new GroveException(ErrorKind.Conflict, $"A Grove server already runs for this data folder{where}; stop it first, or use another data folder (GROVE_HOME).");
        }
    }

    public void Dispose() => _file.Dispose();
}
