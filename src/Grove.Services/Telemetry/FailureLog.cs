using Grove.Core.Errors;
using Grove.Integrations.Telemetry;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Telemetry;

internal sealed partial class FailureLog(ICrashReporter reporter, ILogger<FailureLog> logger) : IFailureLog
{
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(3);

    public async Task RecordAsync(string command, Exception exception, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is GroveException or OperationCanceledException)
        {
            LogFailed(logger, command, exception.Message);
            return;
        }

        LogCrashed(logger, command, exception);
        await reporter.FlushAsync(FlushTimeout);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "grove {Command} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string command, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "grove {Command} failed unexpectedly")]
    private static partial void LogCrashed(ILogger logger, string command, Exception exception);
}
