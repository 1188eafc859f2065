using System.Runtime.InteropServices;
using Grove.Core.Errors;
using Microsoft.Win32.SafeHandles;

namespace Grove.Git.Security;

/// <summary>
/// Opens an already resolved path for reading without trusting that nothing changed since it was
/// resolved: on Unix with <c>O_NOFOLLOW | O_NONBLOCK</c> (a link swapped in fails, a FIFO cannot
/// block), and on every platform the opened handle's real path is checked afterwards.
/// </summary>
internal static partial class SecureOpen
{
    public static FileStream OpenRead(string fullPath, string realRoot, string shown)
    {
        FileStream stream;
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            var flags = OperatingSystem.IsLinux()
                ? 0x0 | 0x800 | 0x20000 | 0x80000 // O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC
                : 0x0 | 0x4 | 0x100 | 0x1000000;
            var fd = NativeMethods.Open(fullPath, flags);
            if (fd < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw errno switch
                {
                    2 or 20 => new GroveException(ErrorKind.NotFound, $"File '{PathGuard.Printable(shown)}' does not exist."),
                    40 or 62 => new SecurityViolationException($"Path '{PathGuard.Printable(shown)}' changed into a link while it was being opened."),
                    _ => new GroveException(ErrorKind.Unexpected, $"File '{PathGuard.Printable(shown)}' could not be opened (errno {errno})."),
                };
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

    private static partial class NativeMethods
    {
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
    }
}
