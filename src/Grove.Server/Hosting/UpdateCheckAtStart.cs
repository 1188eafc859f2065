using Grove.Services.Updates;

namespace Grove.Server.Hosting;

/// <summary>Checks for an update once the server has started, in the background (nothing when <c>updates.url</c> is empty).</summary>
internal sealed class UpdateCheckAtStart(IUpdates updates) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        await updates.CheckAsync(stoppingToken);
    }
}
