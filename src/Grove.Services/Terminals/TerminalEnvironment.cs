using Grove.Agents;

namespace Grove.Services.Terminals;

/// <summary>
/// A terminal's environment is an allow-list, not the server's environment minus a deny-list:
/// what a shell needs to find programs, the user and their locale, and nothing else, so none of
/// Grove's secrets, the agent's keys or anything the server was started with leaks into it. Then
/// the workspace's own <c>GROVE_*</c> values (<see cref="IWorkspaceEnvironment"/>).
/// </summary>
internal static class TerminalEnvironment
{
    public const string Term = "xterm-256color";

    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "TZ", "TMPDIR", "DISPLAY", "WAYLAND_DISPLAY",
        "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_SESSION_TYPE",
        "EDITOR", "VISUAL", "PAGER", "SSH_AUTH_SOCK", "DBUS_SESSION_BUS_ADDRESS",
        // Windows essentials.
        "SYSTEMROOT", "SystemRoot", "WINDIR", "COMSPEC", "PATHEXT", "USERPROFILE", "APPDATA", "LOCALAPPDATA", "TEMP", "TMP",
        "USERNAME", "HOMEDRIVE", "HOMEPATH", "PROGRAMFILES", "ProgramFiles", "ProgramData", "ALLUSERSPROFILE",
    };

    public static Dictionary<string, string> Build(AgentHostEnvironment host, string shell, IReadOnlyDictionary<string, string> workspaceValues)
    {
        var result = new Dictionary<string, string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (var (key, value) in host.Variables)
        {
            if (IsAllowed(key))
            {
                result[key] = value;
            }
        }

        result.TryAdd("HOME", host.HomeDirectory);
        result["SHELL"] = shell;
        result["TERM"] = Term;
        result["COLORTERM"] = "truecolor";
        result["TERM_PROGRAM"] = "Grove";
        foreach (var (key, value) in workspaceValues)
        {
            if (key.StartsWith("GROVE_", StringComparison.Ordinal) || key == "COMPOSE_PROJECT_NAME")
            {
                result[key] = value;
            }
        }

        if (!OperatingSystem.IsWindows() && !result.ContainsKey("PATH"))
        {
            result["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        }

        return result;
    }

    private static bool IsAllowed(string name) =>
        (Allowed.Contains(name) || name.StartsWith("LC_", StringComparison.Ordinal)) && !AgentEnvironment.IsSecretName(name);
}
