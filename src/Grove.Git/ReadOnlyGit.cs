namespace Grove.Git;

/// <summary>Settings for git calls that only read (status, diff, rev-parse).</summary>
internal static class ReadOnlyGit
{
    /// <summary>
    /// <c>GIT_OPTIONAL_LOCKS=0</c>: a read never takes <c>index.lock</c> to refresh the index, so
    /// Grove polling a workspace never collides with the agent's own git commands in it.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["GIT_OPTIONAL_LOCKS"] = "0",
    };

    public static readonly GitRunOptions Options = new() { Environment = Environment };
}
