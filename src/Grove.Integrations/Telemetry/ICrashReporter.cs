using Microsoft.Extensions.Logging;

namespace Grove.Integrations.Telemetry;

/// <summary>Where Grove sends crash reports, once started with a DSN.</summary>
public sealed record CrashReportSettings(string Dsn, string Release, string Environment, string? HomeDirectory);

/// <summary>
/// Crash reports (Sentry): off until <see cref="Start"/> is called with a DSN. Every report is
/// scrubbed before it leaves (secrets redacted, the home folder shown as <c>~</c>, no server name,
/// no user, no request data, no extras).
/// </summary>
public interface ICrashReporter
{
    bool IsEnabled { get; }

    /// <summary>Starts reporting (once; later calls are ignored). Also reports exceptions no code caught.</summary>
    void Start(CrashReportSettings settings);

    /// <summary>Sends an event for an error: its (redacted) message and exception.</summary>
    void Capture(LogLevel level, string category, string message, Exception? exception);

    /// <summary>Keeps a (redacted) line as context for the next report.</summary>
    void AddBreadcrumb(LogLevel level, string category, string message);

    /// <summary>Waits until queued reports are sent, at most <paramref name="timeout"/>.</summary>
    Task FlushAsync(TimeSpan timeout);
}
