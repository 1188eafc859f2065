using Grove.Data.Migrations;
using Grove.Services.Agents;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Services.Hosting;

/// <summary>
/// Start-up step: create or migrate the database before anything else touches it, then mark tabs
/// a crashed Grove left running as interrupted (tabs a live Grove process owns are left alone).
/// </summary>
internal static class GroveDataStartup
{
    public static async Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<IDatabaseInitializer>().InitializeAsync(cancellationToken);
        await services.GetRequiredService<StaleRunReconciler>().ReconcileAsync(cancellationToken);
    }
}
