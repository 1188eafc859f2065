using Grove.Agents;

namespace Grove.Services.Terminals;

/// <summary>
/// The user's shell: <c>$SHELL</c> when it is an absolute path to a file, else <c>/bin/bash</c>,
/// else <c>/bin/sh</c> (Windows: <c>%COMSPEC%</c>). Started as a login shell (<c>-l</c>, as macOS's
/// Terminal does), so the user's profile sets up PATH and tools; it is interactive because its
/// input is a terminal.
/// </summary>
internal static class TerminalShell
{
    private static readonly string[] Fallbacks = ["/bin/bash", "/bin/sh"];

    public static (string Program, IReadOnlyList<string> Arguments) Find(AgentHostEnvironment host)
    {
        if (OperatingSystem.IsWindows())
        {
            return (host.Get("COMSPEC") ?? @"C:\Windows\System32\cmd.exe", []);
        }

        var shell = host.Get("SHELL") is { } configured && Path.IsPathFullyQualified(configured) && File.Exists(configured)
            ? configured
            : Fallbacks.First(File.Exists);
        return (shell, ["-l"]);
    }
}
