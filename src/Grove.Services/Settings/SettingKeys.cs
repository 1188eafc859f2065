using Grove.Core.Errors;

namespace Grove.Services;

/// <summary>The settings Grove understands, with their validation. Secrets never go here (see credentials).</summary>
public static class SettingKeys
{
    /// <summary>Root folder for new worktrees (absolute path).</summary>
    public const string WorktreeRoot = "worktree.root";

    public static IReadOnlyDictionary<string, string> Descriptions { get; } = new Dictionary<string, string>
    {
        [WorktreeRoot] = "Folder new worktrees go under (<root>/<project>/<workspace>); default <data>/worktrees",
    };

    /// <summary>Checks a key and value; returns the value to store (normalised).</summary>
    public static string Validate(string key, string value)
    {
        if (!Descriptions.ContainsKey(key))
        {
            throw new GroveException(ErrorKind.InvalidInput, $"Unknown setting '{key}'. Known: {string.Join(", ", Descriptions.Keys)}.");
        }

        if (key == WorktreeRoot)
        {
            if (!Path.IsPathFullyQualified(value))
            {
                throw new GroveException(ErrorKind.InvalidInput, $"'{WorktreeRoot}' must be an absolute path.");
            }

            if (File.Exists(value))
            {
                throw new GroveException(ErrorKind.InvalidInput, $"'{value}' is a file, not a folder.");
            }

            return Path.TrimEndingDirectorySeparator(Path.GetFullPath(value));
        }

        return value;
    }
}
