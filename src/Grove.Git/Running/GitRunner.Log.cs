using Grove.Core.Security;
using Microsoft.Extensions.Logging;

namespace Grove.Git.Running;

/// <summary>Source-generated log messages; arguments are formatted (credentials masked) only when written.</summary>
internal sealed partial class GitRunner
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "git {Arguments} (in {WorkingDirectory})")]
    private static partial void LogRunning(ILogger logger, RedactedArguments arguments, string workingDirectory);

    [LoggerMessage(Level = LogLevel.Debug, Message = "git exited with {ExitCode} after {ElapsedMs} ms")]
    private static partial void LogFinished(ILogger logger, int exitCode, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "git {Subcommand}: index.lock held by another git process, retry {Attempt}")]
    private static partial void LogIndexLockRetry(ILogger logger, string subcommand, int attempt);

    /// <summary>Formats an argument list for a log line only when the line is written, credentials masked.</summary>
    private readonly struct RedactedArguments(IReadOnlyList<string> arguments)
    {
        public override string ToString() => string.Join(' ', arguments.Select(SecretPatterns.Redact));
    }
}
