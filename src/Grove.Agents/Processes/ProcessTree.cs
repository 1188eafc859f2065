using System.ComponentModel;
using System.Diagnostics;

namespace Grove.Agents.Processes;

/// <summary>Ends a process and everything it started.</summary>
internal static class ProcessTree
{
    /// <summary>Kills the process and its descendants; a process that already exited is fine.</summary>
    public static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited or never started.
        }
        catch (Win32Exception)
        {
            // Exiting while we tried; nothing left to kill.
        }
    }
}
