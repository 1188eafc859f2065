using Grove.Integrations.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Telemetry;

internal static class TelemetryServiceCollectionExtensions
{
    /// <summary>Crash reports: the options, the start-up step, the failure log, and the logger provider that feeds reports (Warning and up).</summary>
    public static IServiceCollection AddGroveTelemetry(this IServiceCollection services)
    {
        services.TryAddSingleton<TelemetryOptions>();
        services.TryAddSingleton<CrashReporting>();
        services.TryAddSingleton<IFailureLog, FailureLog>();
        services.AddLogging();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, CrashReportLoggerProvider>());
        services.Configure<LoggerFilterOptions>(options =>
        {
            if (!options.Rules.Any(r => r.ProviderName == typeof(CrashReportLoggerProvider).FullName))
            {
                options.Rules.Add(new LoggerFilterRule(typeof(CrashReportLoggerProvider).FullName, null, LogLevel.Warning, null));
            }
        });
        return services;
    }
}
