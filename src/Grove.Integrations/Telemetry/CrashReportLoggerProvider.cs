using Microsoft.Extensions.Logging;

namespace Grove.Integrations.Telemetry;

/// <summary>
/// Logs into crash reports: an Error or Critical entry (an unhandled request exception, a failed
/// background service, a CLI command that failed unexpectedly) becomes a report; Warning entries
/// become breadcrumbs for the next one (Information entries never leave: request targets and agent
/// starts may carry what a user typed). Nothing happens until the reporter is started.
/// </summary>
[ProviderAlias("CrashReports")]
public sealed class CrashReportLoggerProvider(ICrashReporter reporter) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new CrashReportLogger(reporter, categoryName);

    public void Dispose()
    {
    }

    private sealed class CrashReportLogger(ICrashReporter reporter, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && logLevel != LogLevel.None && reporter.IsEnabled;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            if (logLevel >= LogLevel.Error)
            {
                reporter.Capture(logLevel, category, message, exception);
            }
            else
            {
                reporter.AddBreadcrumb(logLevel, category, message);
            }
        }
    }
}
