using System.Text.Json;
using Grove.Cli;
using Grove.Core.Domain;
using Grove.Data.Stores;
using Grove.Server.Tests.TestServices;
using Grove.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Server.Tests;

/// <summary>
/// <c>grove run</c> through a server returns once the tab's status after the turn is stored (the
/// server publishes a turn's end, then stores the status), so a command right after it reads the outcome.
/// </summary>
[Collection(AgentCollection.Name)]
public sealed class RunThroughServerSettleTests
{
    [Fact]
    public async Task Run_WithAServer_ReturnsAfterTheTabsStatusIsStored_NotAtTheResult()
    {
        var storing = new HeldStatus();
        await using var bed = await ServerBed.StartAsync(withAgent: true, configureServices: services => HoldIdleStatus(services, storing));
        bed.AnnounceToCli();
        using var repo = TestRepository.Create();
        await bed.CreateTabAsync(repo);
        bed.Api!.Enqueue(FakeResponse.Text("Settled."));

        var cli = new InProcessCli(bed.Home);
        var running = cli.RunAsync(ServerBed.Ct, "run", "agent", "Say it", "--tab", "settle");
        try
        {
            await storing.Reached.WaitAsync(ServerBed.Ct);
            await cli.Out.WaitForAsync("— done", ServerBed.Ct);

            // The result is printed but the idle status is not stored yet: the command still waits.
            await Task.WhenAny(running, Task.Delay(TimeSpan.FromMilliseconds(500), ServerBed.Ct));
            Assert.False(running.IsCompleted);
        }
        finally
        {
            storing.Release();
        }

        Assert.Equal(ExitCodes.Success, await running.WaitAsync(ServerBed.Ct));
        var tab = await bed.GetJsonAsync<JsonElement>("api/tabs/agent:settle");
        Assert.Equal("idle", tab.GetProperty("tab").GetProperty("status").GetString());
        Assert.Contains("Settled.", cli.Out.Text);
    }

    /// <summary>The tab store, with the tab "settle" going from running to idle held at <paramref name="gate"/>.</summary>
    private static void HoldIdleStatus(IServiceCollection services, HeldStatus gate)
    {
        var original = services.Last(d => d.ServiceType == typeof(IAgentTabStore));
        services.AddSingleton<IAgentTabStore>(sp => new HeldStatusStore((IAgentTabStore)original.ImplementationFactory!(sp), gate));
    }

    private sealed class HeldStatus
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached => _reached.Task;

        public void Release() => _released.TrySetResult();

        public async Task PassAsync(CancellationToken cancellationToken)
        {
            _reached.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
        }
    }

    private sealed class HeldStatusStore(IAgentTabStore inner, HeldStatus gate) : IAgentTabStore
    {
        public Task AddAsync(AgentTab tab, CancellationToken cancellationToken = default) => inner.AddAsync(tab, cancellationToken);

        public Task<AgentTab?> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

        public Task<IReadOnlyList<AgentTab>> ListAsync(string workspaceId, CancellationToken cancellationToken = default) => inner.ListAsync(workspaceId, cancellationToken);

        public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) => inner.DeleteAsync(id, cancellationToken);

        public async Task UpdateAsync(AgentTab tab, CancellationToken cancellationToken = default)
        {
            if (tab is { Name: "settle", Status: AgentTabStatus.Idle } && (await inner.GetAsync(tab.Id, cancellationToken))?.Status == AgentTabStatus.Running)
            {
                await gate.PassAsync(cancellationToken);
            }

            await inner.UpdateAsync(tab, cancellationToken);
        }
    }
}
