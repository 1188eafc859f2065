using System.Formats.Tar;
using System.IO.Compression;
using Grove.Core.Errors;
using Grove.Core.Processes;

namespace Grove.Services.Updates;

/// <summary>
/// Installs a verified release archive (the single file and the UI's wwwroot beside it) over a
/// single-file install's folder, so the program and its assets always come from one release.
/// All the work happens in <c>&lt;folder&gt;/.grove-update/</c> (same disk, so every step is a rename),
/// under a lock file that a second update or a starting Grove respects:
/// <list type="number">
/// <item>the archive is downloaded and verified there, then unpacked into <c>new/</c>: nothing of the
/// install is touched before;</item>
/// <item>each top-level entry of the archive (the executable, <c>wwwroot</c>, the assets manifest) is
/// renamed into <c>old/</c> and the new one renamed into its place; files of the folder that are not in
/// the archive are left alone;</item>
/// <item>the new executable must run <c>--version</c>; if it does not (or a rename fails) every entry is
/// put back.</item>
/// </list>
/// <c>old/</c> is kept until the next start (<see cref="RemoveLeftover"/>) or the next update.
/// Entries are renamed one by one rather than the folder as a whole: the folder may hold the user's own
/// files, only it has to be writable, and Windows renames a running <c>.exe</c> but not its folder.
/// </summary>
public sealed class InstallFolderSwap : IDisposable
{
    /// <summary>The work folder's name inside the install folder.</summary>
    public const string WorkFolderName = ".grove-update";

    private static readonly TimeSpan VersionTimeout = TimeSpan.FromMinutes(1);

    private readonly string _installDirectory;
    private readonly string _work;
    private readonly FileStream _lock;

    private InstallFolderSwap(string installDirectory, string work, FileStream @lock)
    {
        _installDirectory = installDirectory;
        _work = work;
        _lock = @lock;
    }

    /// <summary>
    /// Takes the install folder's update lock and clears what an earlier update left. Throws
    /// (<see cref="ErrorKind.Conflict"/>) while another update runs, (<see cref="ErrorKind.Storage"/>)
    /// when the folder is not writable; in both cases nothing was changed.
    /// </summary>
    public static InstallFolderSwap Begin(string installDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(installDirectory);
        var work = Path.Combine(installDirectory, WorkFolderName);
        FileStream? held = null;
        try
        {
            Directory.CreateDirectory(work);
            held = TryLock(work) ?? throw new GroveException(ErrorKind.Conflict, $"Another update of {installDirectory} is running; try again when it has finished.");
            ClearLeftovers(work);
            return new InstallFolderSwap(installDirectory, work, held);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            held?.Dispose();
            throw new GroveException(ErrorKind.Storage, $"Grove cannot write to its folder {installDirectory} ({ex.Message}); update it by hand from the release archive.", ex);
        }
    }

    /// <summary>Where to download the archive (<c>.zip</c> or <c>.tar.gz</c>, after <paramref name="url"/>'s name).</summary>
    public string ArchivePath(string url) =>
        Path.Combine(_work, url.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? "release.zip" : "release.tar.gz");

    /// <summary>
    /// Unpacks the verified <paramref name="archive"/> and puts its entries in place (see the class).
    /// On any failure the previous install is back in place and a one-line <see cref="GroveException"/> says why.
    /// </summary>
    public async Task ReplaceAsync(string archive, string executableName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(archive);
        ArgumentException.ThrowIfNullOrEmpty(executableName);
        var staged = Path.Combine(_work, "new");
        var old = Path.Combine(_work, "old");
        Directory.CreateDirectory(staged);
        Directory.CreateDirectory(old);
        try
        {
            await ExtractAsync(archive, staged, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new GroveException(ErrorKind.InvalidInput, $"The release archive could not be unpacked ({ex.Message}); nothing was replaced.", ex);
        }
        finally
        {
            File.Delete(archive);
        }

        var executable = Path.Combine(staged, executableName);
        if (!File.Exists(executable))
        {
            throw new GroveException(ErrorKind.InvalidInput, $"The release archive holds no '{executableName}'; nothing was replaced.");
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(executable, File.GetUnixFileMode(executable) | UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }

        var names = Directory.EnumerateFileSystemEntries(staged).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        var done = new List<Step>();
        try
        {
            foreach (var name in names)
            {
                var current = Path.Combine(_installDirectory, name);
                var step = new Step(name, Exists(current), false);
                if (step.HadOld)
                {
                    Move(current, Path.Combine(old, name));
                }

                done.Add(step);
                Move(Path.Combine(staged, name), current);
                done[^1] = step with { Placed = true };
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Restore(done, old);
            throw new GroveException(ErrorKind.Storage, $"The new files could not be put in place ({ex.Message}); the previous version is back.", ex);
        }

        var check = await BoundedProcess.RunAsync(
            new BoundedProcessStart(Path.Combine(_installDirectory, executableName), ["--version"]) { WorkingDirectory = _installDirectory, Timeout = VersionTimeout },
            cancellationToken);
        if (!check.Succeeded || !check.StandardOutput.TrimStart().StartsWith("grove ", StringComparison.Ordinal))
        {
            Restore(done, old);
            throw new GroveException(ErrorKind.Unexpected, $"The new Grove did not run `grove --version` ({Why(check)}); the previous version is back in place.");
        }

        DeleteDirectory(staged);
    }

    /// <summary>
    /// At the start of a single-file Grove: removes the previous build an update kept in the work folder,
    /// unless an update holds the lock right now.
    /// </summary>
    public static void RemoveLeftover(string? installDirectory)
    {
        if (installDirectory is null)
        {
            return;
        }

        var work = Path.Combine(installDirectory, WorkFolderName);
        if (!Directory.Exists(work))
        {
            return;
        }

        try
        {
            using var held = TryLock(work);
            if (held is not null)
            {
                ClearLeftovers(work);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Still in use (Windows) or read-only: the next start tries again.
        }
    }

    public void Dispose() => _lock.Dispose();

    private sealed record Step(string Name, bool HadOld, bool Placed);

    private void Restore(List<Step> done, string old)
    {
        var failed = Path.Combine(_work, "failed");
        Directory.CreateDirectory(failed);
        for (var i = done.Count - 1; i >= 0; i--)
        {
            var step = done[i];
            var current = Path.Combine(_installDirectory, step.Name);
            if (step.Placed)
            {
                Move(current, Path.Combine(failed, step.Name));
            }

            if (step.HadOld)
            {
                Move(Path.Combine(old, step.Name), current);
            }
        }

        DeleteDirectory(failed);
    }

    private static async Task ExtractAsync(string archive, string destination, CancellationToken cancellationToken)
    {
        if (archive.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            await ZipFile.ExtractToDirectoryAsync(archive, destination, overwriteFiles: false, cancellationToken);
            return;
        }

        await using var file = File.OpenRead(archive);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        await TarFile.ExtractToDirectoryAsync(gzip, destination, overwriteFiles: false, cancellationToken);
    }

    private static FileStream? TryLock(string work)
    {
        try
        {
            return new FileStream(Path.Combine(work, "lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(Path.Combine(work, "lock")))
        {
            return null;
        }
    }

    private static void ClearLeftovers(string work)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(work))
        {
            if (Path.GetFileName(entry) == "lock")
            {
                continue;
            }

            if (Directory.Exists(entry))
            {
                DeleteDirectory(entry);
            }
            else
            {
                File.Delete(entry);
            }
        }
    }

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);

    private static void Move(string from, string to)
    {
        if (Directory.Exists(from))
        {
            Directory.Move(from, to);
        }
        else
        {
            File.Move(from, to);
        }
    }

    private static void DeleteDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    private static string Why(BoundedProcessResult check) =>
        check.StartError ?? (check.TimedOut ? "it did not finish in time"
            : check.ExitCode != 0 ? $"exit code {check.ExitCode}{Tail(check.StandardError)}"
            : "it printed no version");

    private static string Tail(string error)
    {
        var line = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return line is null ? string.Empty : $": {(line.Length > 200 ? line[..200] : line)}";
    }
}
