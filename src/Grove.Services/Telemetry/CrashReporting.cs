using System.Reflection;
using Grove.Data.Stores;
using Grove.Integrations.Telemetry;

namespace Grove.Services.Telemetry;

/// <summary>
/// Starts crash reports at start-up when a DSN is configured (<c>GROVE_SENTRY_DSN</c>, else the
/// <c>telemetry.sentry_dsn</c> setting) and the environment is not Development. The release is
/// Grove's version (<see cref="AssemblyInformationalVersionAttribute"/>). A changed setting takes
/// effect at the next start.
/// </summary>
internal sealed class CrashReporting(ICrashReporter reporter, ISettingsStore settings, TelemetryOptions options)
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.IsDevelopment)
        {
            return;
        }

        var dsn = options.SentryDsn ?? await settings.GetAsync(SettingKeys.SentryDsn, cancellationToken);
        if (string.IsNullOrWhiteSpace(dsn))
        {
            return;
        }

        reporter.Start(new CrashReportSettings(dsn, Release, options.EnvironmentName.ToLowerInvariant(), options.HomeDirectory));
    }

    /// <summary><c>grove@&lt;informational version&gt;</c>.</summary>
    public static string Release { get; } =
        "grove@" + (typeof(CrashReporting).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0");
}
