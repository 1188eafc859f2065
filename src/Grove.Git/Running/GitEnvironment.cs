using System.Collections.Specialized;

namespace Grove.Git.Running;

/// <summary>
/// Builds the environment of a git process: inherited variables that would redirect git to
/// another repository, index, config or helper are removed; prompts are turned off; output is
/// in the C locale so it parses the same everywhere; pathspecs are literal.
/// </summary>
internal static class GitEnvironment
{
    private static readonly string[] RemovedNames =
    [
        "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM",
        "GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "GIT_EXEC_PATH", "GIT_EXTERNAL_DIFF",
        "GIT_DIFF_OPTS", "GIT_PAGER", "PAGER", "GIT_EDITOR", "GIT_SEQUENCE_EDITOR", "GIT_ASKPASS", "SSH_ASKPASS",
        "GIT_TRACE", "GIT_TRACE2", "GIT_TRACE2_EVENT", "GIT_TRACE2_PERF", "GIT_TRACE_PACKET", "GIT_TRACE_PERFORMANCE",
        "GIT_TRACE_SETUP", "GIT_REDIRECT_STDERR", "GIT_QUARANTINE_PATH", "GIT_REFLOG_ACTION", "GIT_PREFIX",
        "GIT_SHALLOW_FILE", "GIT_REPLACE_REF_BASE", "GIT_GRAFT_FILE", "GIT_NO_REPLACE_OBJECTS",
        "GIT_ATTR_SOURCE", "GIT_OPTIONAL_LOCKS", "GIT_GLOB_PATHSPECS", "GIT_NOGLOB_PATHSPECS", "GIT_ICASE_PATHSPECS",
        "LANG", "LANGUAGE",
    ];

    private static readonly string[] RemovedPrefixes = ["GIT_CONFIG_KEY_", "GIT_CONFIG_VALUE_", "LC_"];

    /// <summary>Fixed values every git process gets.</summary>
    public static readonly IReadOnlyDictionary<string, string> Fixed = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GCM_INTERACTIVE"] = "never",
        ["LC_ALL"] = "C",
        ["GIT_PAGER"] = "cat",
        ["GIT_EDITOR"] = "true",

        // Every path Grove passes is a real file path: '*', '?', '[' and ':(magic)' are never
        // expanded, so "*.txt" or ":/" from a caller can only name a file called exactly that.
        ["GIT_LITERAL_PATHSPECS"] = "1",
    };

    /// <summary>Cleans <paramref name="environment"/> in place, then applies fixed and extra values (extra wins).</summary>
    public static void Apply(
        IDictionary<string, string?> environment,
        IEnumerable<KeyValuePair<string, string>> processWide,
        IReadOnlyDictionary<string, string>? perCall)
    {
        foreach (var key in environment.Keys.ToList())
        {
            if (IsRemoved(key))
            {
                environment.Remove(key);
            }
        }

        foreach (var (key, value) in Fixed)
        {
            environment[key] = value;
        }

        foreach (var (key, value) in processWide)
        {
            environment[key] = value;
        }

        if (perCall is not null)
        {
            foreach (var (key, value) in perCall)
            {
                environment[key] = value;
            }
        }
    }

    internal static bool IsRemoved(string name) =>
        RemovedNames.Contains(name, StringComparer.Ordinal) ||
        RemovedPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal));
}
