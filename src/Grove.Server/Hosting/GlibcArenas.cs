using System.Runtime.InteropServices;

namespace Grove.Server.Hosting;

/// <summary>
/// glibc gives each thread that meets a locked heap an arena of its own (up to 8 per core), and an
/// arena keeps what it once held: a server whose thread pool grew under load keeps a dozen
/// half-empty heaps. Two are plenty for a local server (issue 12: about 12 MB less resident
/// memory idle). The same as <c>MALLOC_ARENA_MAX=2</c>, set from inside the process, as early as
/// the server starts; a no-op off glibc.
/// </summary>
internal static partial class GlibcArenas
{
    internal const int MaxArenas = 2;

    /// <summary><c>M_ARENA_MAX</c> in glibc's malloc.h.</summary>
    private const int ArenaMaxParameter = -8;

    private static bool s_done;

    public static void Limit()
    {
        if (s_done || !OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is { Length: > 0 })
        {
            // Not glibc's platform, or the user chose a value.
            return;
        }

        s_done = true;
        try
        {
            _ = MallOpt(ArenaMaxParameter, MaxArenas);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl has one heap and no mallopt parameters of this kind).
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);
}
