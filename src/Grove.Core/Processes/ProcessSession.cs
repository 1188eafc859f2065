using System.Runtime.InteropServices;

namespace Grove.Core.Processes;

/// <summary>
/// Signals a process session that Grove started as its leader (a terminal's shell, a run script):
/// its process group, then every other live process of the session (a background job or a child
/// that made a group of its own). The one way terminals and runs end their whole session.
/// </summary>
public static class ProcessSession
{
    public const int SigHup = 1;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/> to the session led by <paramref name="sessionId"/>; nothing on Windows.</summary>
    public static void Signal(int sessionId, int signal)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        _ = NativeMethods.Kill(-sessionId, signal);
        foreach (var pid in ProcStat.SessionMembers(sessionId).Where(pid => pid != sessionId))
        {
            _ = NativeMethods.Kill(pid, signal);
        }
    }

    /// <summary>Sends <paramref name="signal"/> to one process; nothing on Windows.</summary>
    public static void SignalProcess(int pid, int signal)
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = NativeMethods.Kill(pid, signal);
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Kill(int pid, int signal);
    }
}
