using Grove.Core.Paths;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grove.Services.Hosting;

/// <summary>
/// One Data Protection set-up for the whole process (secrets at rest, and the server's Blazor
/// circuits and antiforgery): application name "Grove", the key ring in <c>&lt;data&gt;/keys</c>
/// readable by the user only (<see cref="UserOnlyKeyRepository"/>), never in <c>~/.aspnet</c>.
/// </summary>
internal static class GroveDataProtection
{
    /// <summary>
    /// XmlKeyManager warns "No XML encryptor configured" on every new key where the OS has no
    /// DPAPI (Linux, macOS). Grove's keys are protected by file modes instead (documented in the
    /// README), so that one category is kept to errors; its real failures still show.
    /// </summary>
    public const string KeyManagerCategory = "Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager";

    public static IServiceCollection AddGroveDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("Grove");
        services.AddOptions<KeyManagementOptions>()
            .Configure<GrovePaths>((options, paths) => options.XmlRepository = new UserOnlyKeyRepository(paths.KeysDirectory));
        services.AddLogging(logging => logging.AddFilter(KeyManagerCategory, LogLevel.Error));
        return services;
    }
}
