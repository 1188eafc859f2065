namespace Grove.Git;

/// <summary>Process-wide settings for the git runner (bound once at start).</summary>
public sealed class GitOptions
{
    /// <summary>The git executable: a name looked up on PATH, or a full path.</summary>
    public string Executable { get; set; } = "git";

    /// <summary>Timeout for a git call when <see cref="GitRunOptions.Timeout"/> is not set.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a command is retried when another git process holds <c>index.lock</c>.</summary>
    public int IndexLockRetries { get; set; } = 3;

    /// <summary>Extra environment for every git process (tests use it to isolate from the user's config).</summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
