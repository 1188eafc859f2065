using Grove.Core.Paths;
using Grove.Services.Hosting;
using Grove.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Web.Tests;

/// <summary>
/// A bUnit context over Grove's real services on a temp data folder (real SQLite, real git):
/// components under test inject the same services as in <c>grove serve</c>. JS interop is loose
/// (calls return defaults) unless a test sets it up. Override <see cref="ConfigureServices"/> to
/// swap a service before the app starts.
/// </summary>
public abstract class UiTestContext : BunitContext, IAsyncLifetime
{
    private TempDirectory? _home;

    /// <summary>
    /// bUnit's WaitFor* give up after 1 s unless told otherwise: on a loaded CI machine a render over
    /// real SQLite and git can take longer. A condition that never holds still fails, later.
    /// </summary>
    static UiTestContext() => DefaultWaitTimeout = TimeSpan.FromSeconds(15);

    protected GroveApp App { get; private set; } = null!;

    protected GrovePaths Paths => App.Paths;

    protected static CancellationToken Ct => TestTimeouts.Token(Xunit.TestContext.Current.CancellationToken);

    protected T Get<T>() where T : notnull => App.Get<T>();

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Runs after the app is disposed: release what a derived context started (fake servers, repositories).</summary>
    protected virtual ValueTask DisposeTestResourcesAsync() => ValueTask.CompletedTask;

    public virtual async ValueTask InitializeAsync()
    {
        _home = new TempDirectory("grove-ui");
        var home = _home.Path;
        App = await GroveApp.StartAsync(
            new GrovePaths(home),
            configureServices: services =>
            {
                // Claude's MCP files (Settings → MCP servers) come from the temp folder, never the real home.
                services.AddSingleton(new Grove.Integrations.Mcp.McpFileOptions { ConfigDirectory = Path.Combine(home, "claude-config") });
                ConfigureServices(services);
            },
            cancellationToken: Ct);
        Services.AddGroveWeb();
        Services.AddFallbackServiceProvider(App.Services);
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        await DisposeTestResourcesAsync();
        _home?.Dispose();
        GC.SuppressFinalize(this);
    }
}
