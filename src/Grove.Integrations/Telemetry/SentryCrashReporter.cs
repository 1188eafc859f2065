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
    private SentryClient? _client;
    private Scope? _scope;
    private SentryScrubber? _scrubber;

    public bool IsEnabled => _client is not null;

    public void Start(CrashReportSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        lock (_lock)
        {
            if (_client is not null)
            {
                return;
            }

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
            _scrubber = scrubber;
            _scope = new Scope(options);
            _client = new SentryClient(options);
            AppDomain.CurrentDomain.UnhandledException += OnUnhandledException;
        }
    }

    public void Capture(LogLevel level, string category, string message, Exception? exception)
    {
        if (_client is not { } client || _scope is not { } scope)
        {
            return;
        }

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
        if (_scope is not { } scope || _scrubber is not { } scrubber)
        {
            return;
        }

        lock (_lock)
        {
            scope.AddBreadcrumb(scrubber.Scrub(new Breadcrumb(message, "default", null, category, ToBreadcrumb(level))));
        }
    }

    public Task FlushAsync(TimeSpan timeout) => _client?.FlushAsync(timeout) ?? Task.CompletedTask;

    public void Dispose()
    {
        if (_client is not null)
        {
            AppDomain.CurrentDomain.UnhandledException -= OnUnhandledException;
            _client.FlushAsync(TimeSpan.FromSeconds(2)).GetAwaiter().GetResult();
            _client.Dispose();
        }
    }

    private void OnUnhandledException(object? sender, UnhandledExceptionEventArgs e)
    {
        if (e.ExceptionObject is Exception exception)
        {
            Capture(LogLevel.Critical, "Grove", "Unhandled exception", exception);
            _client?.FlushAsync(TimeSpan.FromSeconds(2)).GetAwaiter().GetResult();
        }
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
