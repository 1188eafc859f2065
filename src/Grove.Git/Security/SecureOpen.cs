using System.Runtime.InteropServices;
using Grove.Core.Errors;
using Microsoft.Win32.SafeHandles;

namespace Grove.Git.Security;

/// <summary>
/// Opens and writes already resolved paths without trusting that nothing changed since they were
/// resolved. On Unix, reads use <c>O_NOFOLLOW | O_NONBLOCK</c> (a link swapped in fails, a FIFO
/// cannot block); on Linux, writes happen relative to a verified handle of the folder
/// (<c>openat</c> / <c>renameat</c>), so swapping a parent folder for a link changes nothing. On
/// every platform an opened handle's real path is checked afterwards.
/// </summary>
internal static partial class SecureOpen
{
    private const int ReadOnly = 0x0;
    private const int WriteOnly = 0x1;

    public static FileStream OpenRead(string fullPath, string realRoot, string shown)
    {
        FileStream stream;
        if (UnixFlags.Current is { } flags)
        {
            var fd = NativeMethods.Open(fullPath, ReadOnly | flags.NonBlock | flags.NoFollow | flags.CloseOnExec);
            if (fd < 0)
            {
                throw OpenError(Marshal.GetLastPInvokeError(), flags, shown);
            }

            stream = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, bufferSize: 0);
        }
        else
        {
            stream = new FileStream(fullPath, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read,
                BufferSize = 0,
            });
        }

        try
        {
            if (!stream.CanSeek)
            {
                throw new SecurityViolationException($"Path '{PathGuard.Printable(shown)}' is not a regular file.");
            }

            VerifyHandle(stream.SafeFileHandle, fullPath, realRoot, shown);
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Linux: writes <paramref name="contents"/> to <paramref name="name"/> in <paramref name="folder"/>
    /// atomically, every step relative to the folder's verified handle. False when this platform
    /// has no such path (the caller then uses the portable one).
    /// </summary>
    public static async Task<bool> TryWriteAtomicallyAsync(
        string folder, string name, ReadOnlyMemory<byte> contents, UnixFileMode? mode, string realRoot, string shown, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux() || UnixFlags.Current is not { } flags || !Directory.Exists("/proc/self/fd"))
        {
            return false;
        }

        var dirFd = NativeMethods.Open(folder, ReadOnly | flags.Directory | flags.NoFollow | flags.CloseOnExec);
        if (dirFd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();

            // A link where the folder should be fails with ENOTDIR (O_DIRECTORY) or ELOOP (O_NOFOLLOW).
            throw new FileInfo(folder).LinkTarget is not null
                ? new SecurityViolationException($"Path '{PathGuard.Printable(shown)}' changed into a link while it was being written.")
                : OpenError(errno, flags, shown);
        }

        using var directory = new SafeFileHandle(dirFd, ownsHandle: true);
        VerifyHandle(directory, folder, realRoot, shown);

        var temp = $".grove-write-{Guid.NewGuid():N}.tmp";
        var fd = NativeMethods.OpenAt(dirFd, temp, WriteOnly | flags.Create | flags.Exclusive | flags.NoFollow | flags.CloseOnExec, 0x1B6);
        if (fd < 0)
        {
            throw OpenError(Marshal.GetLastPInvokeError(), flags, shown);
        }

        var renamed = false;
        try
        {
            await using (var stream = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Write, bufferSize: 0))
            {
                if (mode is { } unixMode)
                {
                    File.SetUnixFileMode(stream.SafeFileHandle, unixMode);
                }

                await stream.WriteAsync(contents, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            if (NativeMethods.RenameAt(dirFd, temp, dirFd, name) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new GroveException(ErrorKind.Unexpected, $"'{PathGuard.Printable(shown)}' could not be written (rename failed, errno {errno}).");
            }

            renamed = true;
            return true;
        }
        finally
        {
            if (!renamed)
            {
                _ = NativeMethods.UnlinkAt(dirFd, temp, 0);
            }
        }
    }

    /// <summary>
    /// Checks that an open handle really is <paramref name="expectedPath"/>. On Linux the kernel
    /// tells (<c>/proc/self/fd</c>); elsewhere the path is resolved again and compared.
    /// </summary>
    public static void VerifyHandle(SafeFileHandle handle, string expectedPath, string realRoot, string shown)
    {
        string actual;
        if (OperatingSystem.IsLinux() && Directory.Exists("/proc/self/fd"))
        {
            var fd = handle.DangerousGetHandle().ToInt64();
            actual = new FileInfo($"/proc/self/fd/{fd}").LinkTarget
                ?? throw new SecurityViolationException($"Path '{PathGuard.Printable(shown)}' could not be verified after opening.");
        }
        else
        {
            actual = PathGuard.RealPath(expectedPath);
        }

        if (!PathGuard.PathEquals(actual, expectedPath) || !PathGuard.IsInside(realRoot, actual))
        {
            throw new SecurityViolationException($"Path '{PathGuard.Printable(shown)}' changed while it was being opened.");
        }
    }

    private static GroveException OpenError(int errno, UnixFlags flags, string shown) => errno switch
    {
        2 or 20 => new GroveException(ErrorKind.NotFound, $"'{PathGuard.Printable(shown)}' does not exist."),
        _ when errno == flags.LoopErrno => new SecurityViolationException($"Path '{PathGuard.Printable(shown)}' changed into a link while it was being opened."),
        17 => new GroveException(ErrorKind.AlreadyExists, $"'{PathGuard.Printable(shown)}' already exists."),
        _ => new GroveException(ErrorKind.Unexpected, $"'{PathGuard.Printable(shown)}' could not be opened (errno {errno})."),
    };

    /// <summary>The <c>open(2)</c> flag values of this OS and architecture; null where unknown (portable path used).</summary>
    private sealed record UnixFlags(int NonBlock, int NoFollow, int CloseOnExec, int Directory, int Create, int Exclusive, int LoopErrno)
    {
        public static UnixFlags? Current { get; } = Detect();

        private static UnixFlags? Detect()
        {
            if (OperatingSystem.IsMacOS())
            {
                return new UnixFlags(0x4, 0x100, 0x1000000, 0x100000, 0x200, 0x800, 62);
            }

            if (!OperatingSystem.IsLinux())
            {
                return null;
            }

            return RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 or Architecture.X86 => new UnixFlags(0x800, 0x20000, 0x80000, 0x10000, 0x40, 0x80, 40),
                Architecture.Arm64 or Architecture.Arm => new UnixFlags(0x800, 0x8000, 0x80000, 0x4000, 0x40, 0x80, 40),
                _ => null,
            };
        }
    }

    private static partial class NativeMethods
    {
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", EntryPoint = "openat", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int OpenAt(int directoryFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

        [DllImport("libc", EntryPoint = "renameat", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int RenameAt(int fromDirectoryFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string from, int toDirectoryFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string to);

        [DllImport("libc", EntryPoint = "unlinkat", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int UnlinkAt(int directoryFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
    }
}
