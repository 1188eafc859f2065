using System.Runtime.InteropServices;

namespace Grove.Services.Terminals.Pty;

/// <summary>
/// The libc calls <see cref="UnixPty"/> needs, and the constants that differ between Linux and
/// macOS. Everything here is in libc itself (glibc's <c>libc.so.6</c>, macOS's libSystem):
/// <c>posix_openpt</c>/<c>grantpt</c>/<c>unlockpt</c>/<c>ptsname_r</c> instead of <c>openpty</c>,
/// which lives in libutil on glibc before 2.34.
/// </summary>
internal static partial class UnixPtyNative
{
    private const string Libc = "libc";

    static UnixPtyNative() =>
        NativeLibrary.SetDllImportResolver(typeof(UnixPtyNative).Assembly, (name, assembly, path) =>
            name != Libc ? IntPtr.Zero
            : OperatingSystem.IsMacOS() ? NativeLibrary.Load("/usr/lib/libSystem.dylib")
            : NativeLibrary.Load("libc.so.6"));

    public static bool IsMac => OperatingSystem.IsMacOS();

    public static int ORdWr => 2;

    public static int ONoCtty => IsMac ? 0x20000 : 0x100;

    public static int OCloexec => IsMac ? 0x1000000 : 0x80000;

    public static int SpawnSetSigDef => 0x04;

    public static int SpawnSetSigMask => 0x08;

    /// <summary>A new session (glibc ≥ 2.26; macOS ≥ 10.15).</summary>
    public static int SpawnSetSid => IsMac ? 0x0400 : 0x80;

    /// <summary>macOS only: close every descriptor not set up by the file actions.</summary>
    public static int SpawnCloexecDefault => 0x4000;

    public static nuint TiocSWinSz => IsMac ? 0x80087467 : 0x5414;

    public const int FGetFd = 1;
    public const int FSetFd = 2;
    public const int FdCloexec = 1;
    public const int EIntr = 4;
    public const int EAgain = 11;
    public const int EAgainMac = 35;
    public const int EChild = 10;

    /// <summary>Room for glibc's and macOS's opaque spawn structures (glibc: 80 and 336 bytes; macOS: a pointer).</summary>
    public const int OpaqueSize = 1024;

    [StructLayout(LayoutKind.Sequential)]
    public struct WinSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort XPixels;
        public ushort YPixels;
    }

    [LibraryImport(Libc, EntryPoint = "posix_openpt", SetLastError = true)]
    public static partial int PosixOpenpt(int flags);

    [LibraryImport(Libc, EntryPoint = "grantpt", SetLastError = true)]
    public static partial int Grantpt(int fd);

    [LibraryImport(Libc, EntryPoint = "unlockpt", SetLastError = true)]
    public static partial int Unlockpt(int fd);

    [LibraryImport(Libc, EntryPoint = "ptsname_r", SetLastError = true)]
    public static unsafe partial int PtsnameR(int fd, byte* buffer, nuint length);

    [LibraryImport(Libc, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport(Libc, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, nuint request, ref WinSize size);

    [LibraryImport(Libc, EntryPoint = "read", SetLastError = true)]
    public static unsafe partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport(Libc, EntryPoint = "write", SetLastError = true)]
    public static unsafe partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Libc, EntryPoint = "waitpid", SetLastError = true)]
    public static partial int WaitPid(int pid, out int status, int options);

    [LibraryImport(Libc, EntryPoint = "posix_spawn", SetLastError = true)]
    public static unsafe partial int PosixSpawn(out int pid, byte* path, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport(Libc, EntryPoint = "posix_spawn_file_actions_init")]
    public static unsafe partial int FileActionsInit(void* fileActions);

    [LibraryImport(Libc, EntryPoint = "posix_spawn_file_actions_destroy")]
    public static unsafe partial int FileActionsDestroy(void* fileActions);

    [LibraryImport(Libc, EntryPoint = "posix_spawn_file_actions_addopen")]
    public static unsafe partial int FileActionsAddOpen(void* fileActions, int fd, byte* path, int flags, int mode);

    [LibraryImport(Libc, EntryPoint = "posix_spawn_file_actions_adddup2")]
    public static unsafe partial int FileActionsAddDup2(void* fileActions, int fd, int newFd);

    /// <summary>glibc ≥ 2.29, macOS ≥ 10.15.</summary>
    [LibraryImport(Libc, EntryPoint = "posix_spawn_file_actions_addchdir_np")]
    public static unsafe partial int FileActionsAddChdir(void* fileActions, byte* path);

    [LibraryImport(Libc, EntryPoint = "posix_spawnattr_init")]
    public static unsafe partial int AttrInit(void* attributes);

    [LibraryImport(Libc, EntryPoint = "posix_spawnattr_destroy")]
    public static unsafe partial int AttrDestroy(void* attributes);

    [LibraryImport(Libc, EntryPoint = "posix_spawnattr_setflags")]
    public static unsafe partial int AttrSetFlags(void* attributes, short flags);

    [LibraryImport(Libc, EntryPoint = "posix_spawnattr_setsigdefault")]
    public static unsafe partial int AttrSetSigDefault(void* attributes, void* signals);

    [LibraryImport(Libc, EntryPoint = "posix_spawnattr_setsigmask")]
    public static unsafe partial int AttrSetSigMask(void* attributes, void* signals);

    [LibraryImport(Libc, EntryPoint = "sigemptyset")]
    public static unsafe partial int SigEmptySet(void* set);

    [LibraryImport(Libc, EntryPoint = "sigfillset")]
    public static unsafe partial int SigFillSet(void* set);

    /// <summary>Exit code from a <c>waitpid</c> status: the code, or 128 + the signal that killed it.</summary>
    public static int ExitCode(int status) =>
        (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
}
