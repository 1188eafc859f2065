using Grove.Data.Migrations;
using Grove.Services.Agents;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Services.Hosting;

/// <summary>
/// What every Grove process does before anything else touches the data: create or migrate the
/// database, then mark tabs a crashed Grove left running as interrupted (tabs a live Grove process
/// owns are left alone), recovering what their agent wrote after the crash, and clean old raw
/// agent logs. The CLI (through <see cref="GroveApp"/>) and the server both start here.
/// </summary>
public static class GroveStartup
{
    public static async Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await services.GetRequiredService<IDatabaseInitializer>().InitializeAsync(cancellationToken);
        await services.GetRequiredService<IAgentRuns>().RecoverAsync(cancellationToken);
    }
}
