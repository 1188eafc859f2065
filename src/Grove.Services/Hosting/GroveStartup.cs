using Grove.Data.Migrations;
using Grove.Data.Stores;
using Grove.Services.Agents;
using Grove.Services.Logging;
using Grove.Services.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Services.Hosting;

/// <summary>
/// What every Grove process does before anything else touches the data: create or migrate the
/// database, then mark tabs a crashed Grove left running as interrupted (tabs a live Grove process
/// owns are left alone), recovering what their agent wrote after the crash, and clean old raw
/// agent logs. Stored secrets are read once first so the log redactor knows them, and the
/// <c>logs.level</c> setting is applied. The CLI (through <see cref="GroveApp"/>) and the server both start here.
/// </summary>
public static class GroveStartup
{
    public static async Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await services.GetRequiredService<IDatabaseInitializer>().InitializeAsync(cancellationToken);
        await services.GetRequiredService<StoredSecrets>().LoadAsync(cancellationToken);
        services.GetRequiredService<GroveLogLevel>().ApplySetting(
            await services.GetRequiredService<ISettingsStore>().GetAsync(SettingKeys.LogsLevel, cancellationToken));
        await services.GetRequiredService<CrashReporting>().StartAsync(cancellationToken);
        await services.GetRequiredService<IAgentRuns>().RecoverAsync(cancellationToken);
    }
}
