using System.Collections;

namespace Grove.Agents;

/// <summary>
/// The machine as Grove sees it: the parent process's environment and the user's home folder.
/// Injected so that nothing in Grove.Agents reads <c>HOME</c> or the process environment itself
/// (tests pass a made-up one).
/// </summary>
public sealed record AgentHostEnvironment(IReadOnlyDictionary<string, string> Variables, string HomeDirectory)
{
    /// <summary>The current process's environment and home folder.</summary>
    public static AgentHostEnvironment FromProcess()
    {
        var variables = new Dictionary<string, string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                variables[key] = value;
            }
        }

        var home = variables.GetValueOrDefault(OperatingSystem.IsWindows() ? "USERPROFILE" : "HOME");
        if (string.IsNullOrWhiteSpace(home))
        {
            home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }

        return new AgentHostEnvironment(variables, home);
    }

    public string? Get(string name) => Variables.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}
