using Microsoft.Extensions.Logging;

namespace Grove.Agents.ClaudeCode;

internal sealed partial class ClaudeSession
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Started Claude Code (pid {ProcessId}): {Command}; environment keys: {EnvironmentKeys}")]
    private static partial void LogStarted(ILogger logger, int processId, ClaudeCommand command, string environmentKeys);

    [LoggerMessage(Level = LogLevel.Information, Message = "Claude Code (pid {ProcessId}) exited with code {ExitCode} (stop requested: {Stopping})")]
    private static partial void LogExited(ILogger logger, int processId, int exitCode, bool stopping);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Claude Code (pid {ProcessId}) asked '{Subtype}', which Grove does not handle; answered with an error")]
    private static partial void LogUnhandledRequest(ILogger logger, int processId, string subtype);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing to Claude Code (pid {ProcessId}) failed: {Reason}")]
    private static partial void LogWriteFailed(ILogger logger, int processId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading Claude Code's output (pid {ProcessId}) failed: {Reason}")]
    private static partial void LogStdoutFailed(ILogger logger, int processId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Interrupting Claude Code (pid {ProcessId}) failed: {Reason}")]
    private static partial void LogInterruptFailed(ILogger logger, int processId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claude Code (pid {ProcessId}) did not exit within {GraceSeconds} s of closing stdin; killing it")]
    private static partial void LogKilledAfterGrace(ILogger logger, int processId, double graceSeconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Claude Code (pid {ProcessId}) wrote: {Line}")]
    private static partial void LogRawMessage(ILogger logger, int processId, string line);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Claude Code (pid {ProcessId}) stderr: {Line}")]
    private static partial void LogStderrLine(ILogger logger, int processId, string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot write the raw Claude Code log {Path}: {Reason}")]
    private static partial void LogRawLogFailed(ILogger logger, string path, string reason);
}
