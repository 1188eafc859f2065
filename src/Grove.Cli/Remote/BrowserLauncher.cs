using System.Diagnostics;

namespace Grove.Cli.Remote;

/// <summary>Opens a URL in the user's browser with the platform opener, as an argument list (never a shell).</summary>
internal static class BrowserLauncher
{
    /// <summary>True when an opener was started; false when there is no display or no opener.</summary>
    public static bool TryOpen(string url, Func<string, string?> environment)
    {
        ProcessStartInfo start;
        if (OperatingSystem.IsWindows())
        {
            start = new ProcessStartInfo("rundll32.exe") { ArgumentList = { "url.dll,FileProtocolHandler", url } };
        }
        else if (OperatingSystem.IsMacOS())
        {
            start = new ProcessStartInfo("open") { ArgumentList = { url } };
        }
        else
        {
            if (string.IsNullOrEmpty(environment("DISPLAY")) && string.IsNullOrEmpty(environment("WAYLAND_DISPLAY")))
            {
                return false;
            }

            start = new ProcessStartInfo("xdg-open") { ArgumentList = { url } };
        }

        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        try
        {
            using var process = Process.Start(start);
            return process is not null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
