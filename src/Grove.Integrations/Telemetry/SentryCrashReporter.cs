using System.IO.Compression;
using Grove.Core.Security;
using Microsoft.Extensions.Logging;
using Sentry;

namespace Grove.Integrations.Telemetry;

/// <summary>
/// Sentry through the official SDK, as a client of its own (no global SDK state, so several Grove
/// hosts in one process never share a DSN). Reports exceptions nothing caught (the process is about
/// to end) as well as what <see cref="CrashReportLoggerProvider"/> passes on.
/// </summary>
internal sealed class SentryCrashReporter(ISecretRedactor redactor) : ICrashReporter, IDisposable
{
    private const int MaxBreadcrumbs = 50;

    private readonly Lock _lock = new();
    private Session? _session;

    public bool IsEnabled => _session is not null;

    public void Start(CrashReportSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        lock (_lock)
        {
            if (_session is not null)
            {
                return;
            }

            _session = Session.Start(settings, redactor, _lock);
            AppDomain.CurrentDomain.UnhandledException += OnUnhandledException;
        }
    }

    public void Capture(LogLevel level, string category, string message, Exception? exception) =>
        _session?.Capture(level, category, message, exception);

    public void AddBreadcrumb(LogLevel level, string category, string message) =>
        _session?.AddBreadcrumb(level, category, message);

    public Task FlushAsync(TimeSpan timeout) => _session?.FlushAsync(timeout) ?? Task.CompletedTask;

    public void Dispose()
    {
        if (_session is { } session)
        {
            AppDomain.CurrentDomain.UnhandledException -= OnUnhandledException;
            session.Dispose();
        }
    }

    private void OnUnhandledException(object? sender, UnhandledExceptionEventArgs e)
    {
        if (e.ExceptionObject is Exception exception && _session is { } session)
        {
            session.Capture(LogLevel.Critical, "Grove", "Unhandled exception", exception);
            session.FlushAsync(TimeSpan.FromSeconds(2)).GetAwaiter().GetResult();
        }
    }

    /// <summary>The started Sentry client, its scope and scrubber: the only code here that names Sentry's types.</summary>
    private sealed class Session(SentryClient client, Scope scope, SentryScrubber scrubber, Lock gate) : IDisposable
    {
        public static Session Start(CrashReportSettings settings, ISecretRedactor redactor, Lock gate)
        {
            var scrubber = new SentryScrubber(redactor, settings.HomeDirectory);
            var options = new SentryOptions
            {
                Dsn = settings.Dsn,
                Release = settings.Release,
                Environment = settings.Environment,
                SendDefaultPii = false,
                IsEnvironmentUser = false,
                ServerName = string.Empty,
                AttachStacktrace = false,
                AutoSessionTracking = false,
                SendClientReports = false,
                DisableFileWrite = true,
                CacheDirectoryPath = null,
                MaxBreadcrumbs = MaxBreadcrumbs,
                RequestBodyCompressionLevel = CompressionLevel.NoCompression,
            };
            options.SetBeforeSend(scrubber.Scrub);
            options.SetBeforeBreadcrumb(scrubber.Scrub);
            return new Session(new SentryClient(options), new Scope(options), scrubber, gate);
        }

        public void Capture(LogLevel level, string category, string message, Exception? exception)
        {
            var sentryEvent = new SentryEvent(exception)
            {
                Message = message,
                Logger = category,
                Level = ToSentry(level),
            };
            client.CaptureEvent(sentryEvent, scope);
        }

        public void AddBreadcrumb(LogLevel level, string category, string message)
        {
            lock (gate)
            {
                scope.AddBreadcrumb(scrubber.Scrub(new Breadcrumb(message, "default", null, category, ToBreadcrumb(level))));
            }
        }

        public Task FlushAsync(TimeSpan timeout) => client.FlushAsync(timeout);

        public void Dispose()
        {
            client.FlushAsync(TimeSpan.FromSeconds(2)).GetAwaiter().GetResult();
            client.Dispose();
        }

        private static SentryLevel ToSentry(LogLevel level) => level switch
        {
            LogLevel.Critical => SentryLevel.Fatal,
            LogLevel.Error => SentryLevel.Error,
            LogLevel.Warning => SentryLevel.Warning,
            LogLevel.Information => SentryLevel.Info,
            _ => SentryLevel.Debug,
        };

        private static BreadcrumbLevel ToBreadcrumb(LogLevel level) => level switch
        {
            LogLevel.Critical => BreadcrumbLevel.Fatal,
            LogLevel.Error => BreadcrumbLevel.Error,
            LogLevel.Warning => BreadcrumbLevel.Warning,
            LogLevel.Information => BreadcrumbLevel.Info,
            _ => BreadcrumbLevel.Debug,
        };
    }
}
