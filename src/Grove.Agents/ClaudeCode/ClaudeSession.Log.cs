using Microsoft.Extensions.Logging;

namespace Grove.Agents.ClaudeCode;

internal sealed partial class ClaudeSession
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Claude Code (pid {ProcessId}) asked '{Subtype}', which Grove does not handle; answered with an error")]
    private static partial void LogUnhandledRequest(ILogger logger, int processId, string subtype);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing to Claude Code (pid {ProcessId}) failed: {Reason}")]
    private static partial void LogWriteFailed(ILogger logger, int processId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Interrupting Claude Code (pid {ProcessId}) failed: {Reason}")]
    private static partial void LogInterruptFailed(ILogger logger, int processId, string reason);
}
