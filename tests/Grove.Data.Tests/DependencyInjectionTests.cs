using Grove.Core.Paths;
using Grove.Core.Security;
using Grove.Data.Migrations;
using Grove.Data.Stores;
using Grove.Data.Tests.TestServices;
using Grove.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Data.Tests;

public sealed class DependencyInjectionTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddGroveData_wires_initializer_and_stores_on_one_database()
    {
        using var temp = new TempDirectory();
        var services = new ServiceCollection()
            .AddSingleton(new GrovePaths(temp.Combine("data")))
            .AddSingleton<ISecretProtector, TestSecretProtector>()
            .AddGroveData();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var result = await provider.GetRequiredService<IDatabaseInitializer>().InitializeAsync(Token);
        await provider.GetRequiredService<ISettingsStore>().SetAsync("k", "v", Token);
        await provider.GetRequiredService<ICredentialStore>().SetAsync("c", "s", Token);

        Assert.Equal(TestMigrationSource.LatestEmbeddedVersion, result.ToVersion);
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
        Assert.Equal("v", await provider.GetRequiredService<ISettingsStore>().GetAsync("k", Token));
        Assert.Empty(await provider.GetRequiredService<IProjectStore>().ListAsync(Token));
        Assert.Empty(await provider.GetRequiredService<IWorkspaceStore>().ListAsync(cancellationToken: Token));
        Assert.Empty(await provider.GetRequiredService<IAgentTabStore>().ListAsync("ws_x", Token));
        Assert.Equal(0L, await provider.GetRequiredService<ITranscriptStore>().CountAsync("tab_x", Token));
        Assert.Equal(["c"], await provider.GetRequiredService<ICredentialStore>().ListNamesAsync(Token));
    }

    [Fact]
    public void AddGroveData_keeps_a_host_supplied_clock()
    {
        var clock = new TestTimeProvider();
        var services = new ServiceCollection().AddSingleton<TimeProvider>(clock).AddGroveData();
        using var provider = services.BuildServiceProvider();

        Assert.Same(clock, provider.GetRequiredService<TimeProvider>());
    }
}
