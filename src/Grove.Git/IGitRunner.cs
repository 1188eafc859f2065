using Grove.Git.Security;

namespace Grove.Git;

/// <summary>The output of one finished git process.</summary>
public sealed record GitResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>True when stdout went past <see cref="GitRunOptions.MaxOutputChars"/>: <see cref="StandardOutput"/> holds only its start.</summary>
    public bool StandardOutputTruncated { get; init; }

    /// <summary>How many characters git wrote to stdout in all (also when truncated).</summary>
    public long StandardOutputLength { get; init; }
}

/// <summary>Per-call knobs for <see cref="IGitRunner"/>.</summary>
public sealed record GitRunOptions
{
    /// <summary>Kill the process after this long (default 2 minutes).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Text written to the process's stdin, then stdin is closed.</summary>
    public string? StandardInput { get; init; }

    /// <summary>Extra environment variables (e.g. GIT_INDEX_FILE for a temp index).</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>When false, a non-zero exit is returned instead of thrown.</summary>
    public bool ThrowOnError { get; init; } = true;

    /// <summary>Called with each stderr line as it arrives (progress for fetch / clone).</summary>
    public Action<string>? OnProgress { get; init; }

    /// <summary>
    /// Keep at most this many characters of stdout (the rest is read and dropped, so git finishes
    /// normally); see <see cref="GitResult.StandardOutputTruncated"/>. Null keeps everything.
    /// </summary>
    public int? MaxOutputChars { get; init; }
}

/// <summary>
/// Runs git with a validated <see cref="GitCommand"/>: argument list, never a shell; stdout and
/// stderr read concurrently; the process tree killed on timeout or cancellation. Failures throw
/// <see cref="Core.Errors.GitCommandException"/> unless <see cref="GitRunOptions.ThrowOnError"/> is false.
/// </summary>
public interface IGitRunner
{
    Task<GitResult> RunAsync(string workingDirectory, GitCommand command, GitRunOptions? options = null, CancellationToken cancellationToken = default);
}
