using Grove.Core.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Logging;

internal static class LoggingServiceCollectionExtensions
{
    /// <summary>The redactor, the file log (a logger provider that lets every level through to its own switch) and its level.</summary>
    public static IServiceCollection AddGroveLogging(this IServiceCollection services)
    {
        services.TryAddSingleton<ISecretRedactor>(_ => SecretRedactor.ForEnvironment(ChildEnvironment.Current()));
        services.TryAddSingleton<GroveLogOptions>();
        services.TryAddSingleton<GroveLogLevel>();
        services.TryAddSingleton<StoredSecrets>();
        services.TryAddSingleton<ILogFiles, LogFiles>();
        services.AddLogging();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, GroveFileLoggerProvider>());
        services.Configure<LoggerFilterOptions>(options =>
        {
            if (!options.Rules.Any(r => r.ProviderName == typeof(GroveFileLoggerProvider).FullName))
            {
                options.Rules.Add(new LoggerFilterRule(typeof(GroveFileLoggerProvider).FullName, null, LogLevel.Trace, null));
            }
        });
        return services;
    }
}
