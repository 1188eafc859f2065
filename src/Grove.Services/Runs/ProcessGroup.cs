using System.ComponentModel;
using System.Diagnostics;
using Grove.Core.Processes;

namespace Grove.Services.Runs;

/// <summary>
/// Signals a run script's whole session: the process group (a run is started through
/// <c>setsid</c>, so its pid is its group and session id) and every process still in the session
/// (a child that made its own group). Without <c>setsid</c> it falls back to the process tree.
/// </summary>
internal static class ProcessGroup
{
    private const int SigTerm = ProcessSession.SigTerm;
    private const int SigKill = ProcessSession.SigKill;

    /// <summary>Asks the session to end (SIGTERM to the group and its members).</summary>
    public static void Terminate(Process process, int sessionId, bool detached) => Signal(process, sessionId, detached, SigTerm);

    /// <summary>Ends the session now (SIGKILL to the group and its members, and the tree).</summary>
    public static void Kill(Process process, int sessionId, bool detached)
    {
        Signal(process, sessionId, detached, SigKill);
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
        {
            // Already gone.
        }
    }

    /// <summary>Processes of the session still alive (zombies excluded); empty where /proc is absent.</summary>
    public static IReadOnlyList<int> Members(int sessionId) => Grove.Core.Processes.ProcStat.SessionMembers(sessionId);

    private static void Signal(Process process, int sessionId, bool detached, int signal)
    {
        if (OperatingSystem.IsWindows())
        {
            if (signal == SigKill)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
                {
                    // Already gone.
                }
            }

            return;
        }

        if (detached)
        {
            ProcessSession.Signal(sessionId, signal);
        }
        else if (signal == SigTerm)
        {
            ProcessSession.SignalProcess(sessionId, signal);
        }
    }
}
