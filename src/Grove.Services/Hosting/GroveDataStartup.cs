using Grove.Data.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Services.Hosting;

/// <summary>Start-up step: create or migrate the database before anything else touches it.</summary>
internal static class GroveDataStartup
{
    public static Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<IDatabaseInitializer>().InitializeAsync(cancellationToken);
}
