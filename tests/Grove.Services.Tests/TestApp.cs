using Grove.Core.Paths;
using Grove.Services.Changes;
using Grove.Services.Doctor;
using Grove.Services.Hosting;
using Grove.Services.Projects;
using Grove.Services.Workspaces;
using Grove.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Services.Tests;

/// <summary>Grove's real services on a temp data folder (real SQLite, real git).</summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly TempDirectory _home;

    private TestApp(TempDirectory home, GroveApp app)
    {
        _home = home;
        App = app;
    }

    public GroveApp App { get; }

    public GrovePaths Paths => App.Paths;

    public IProjectService Projects => App.Get<IProjectService>();

    public IWorkspaceService Workspaces => App.Get<IWorkspaceService>();

    public IWorkspaceChanges Changes => App.Get<IWorkspaceChanges>();

    public IDoctorService Doctor => App.Get<IDoctorService>();

    /// <summary>Where this app reads and writes Claude's <c>.claude.json</c> (never the real home).</summary>
    public string ClaudeConfigDirectory => Path.Combine(_home.Path, "claude-config");

    public static async Task<TestApp> StartAsync(Action<IServiceCollection>? configureServices = null)
    {
        var home = new TempDirectory("grove-home");
        var app = await GroveApp.StartAsync(
            new GrovePaths(home.Path),
            configureServices: services =>
            {
                services.AddSingleton(new Grove.Integrations.Mcp.McpFileOptions { ConfigDirectory = Path.Combine(home.Path, "claude-config") });
                configureServices?.Invoke(services);
            },
            cancellationToken: TestContext.Current.CancellationToken);
        return new TestApp(home, app);
    }

    /// <summary>Replaces the registration of <typeparamref name="T"/> with a wrapper around the original.</summary>
    public static void Decorate<T>(IServiceCollection services, Func<T, T> wrap) where T : class => services.Decorate(wrap);

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        _home.Dispose();
    }
}
