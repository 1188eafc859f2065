using System.Net;
using Grove.Core.Paths;
using Grove.Core.Security;
using Grove.Server.Hosting;
using Grove.Server.Security;
using Grove.Services.Agents;
using Grove.Services.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Grove.Server;

/// <summary>
/// Grove's local server: the HTTP API (and later the UI) on 127.0.0.1 only, behind the install's
/// token. <see cref="BuildAsync"/> prepares everything (database migrated, crashed turns
/// recovered); <see cref="StartAsync"/> starts listening.
/// </summary>
public sealed class GroveServer : IAsyncDisposable
{
    private GroveServer(WebApplication app, ServerEndpoint endpoint, ServerToken token, GrovePaths paths)
    {
        App = app;
        Endpoint = endpoint;
        Token = token;
        Paths = paths;
    }

    public WebApplication App { get; }

    public ServerEndpoint Endpoint { get; }

    public ServerToken Token { get; }

    public GrovePaths Paths { get; }

    public IServiceProvider Services => App.Services;

    public int Port => Endpoint.Port;

    /// <summary>The login URL for the browser (contains the token: print it, never log it).</summary>
    public string LoginUrl => Endpoint.LoginUrl(Token);

    public static async Task<GroveServer> BuildAsync(GrovePaths paths, ServerOptions? options = null, Action<IServiceCollection>? configureServices = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        GlibcArenas.Limit();
        options ??= new ServerOptions();
        paths.EnsureCreated();
        var token = ServerToken.LoadOrCreate(paths);
        var endpoint = new ServerEndpoint(PortPicker.Pick(options));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(GroveServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        // No configuration from the environment: a stray Kestrel__Endpoints__* or ASPNETCORE_URLS
        // must never add a listener beyond 127.0.0.1.
        builder.Configuration.Sources.Clear();
        if (StaticAssetsManifest.FindRuntime() is { } runtimeManifest)
        {
            // Run from build output (dotnet run, tests): serve the UI's assets from their sources.
            builder.Configuration.AddInMemoryCollection([new(WebHostDefaults.StaticWebAssetsKey, runtimeManifest)]);
            builder.WebHost.UseStaticWebAssets();
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Browsers keep idle connections open; on loopback a new one is cheap, an idle one holds buffers.
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(15);
            kestrel.Listen(IPAddress.Loopback, endpoint.Port);
        });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        builder.Services.AddSingleton(paths);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(token);
        builder.Services.AddSingleton(endpoint);
        builder.Services.AddGroveServices();
        builder.Services.AddGroveServerApi();
        builder.Services.AddHostedService<IdleMemoryTrimmer>();
        if (Environment.GetEnvironmentVariable(MemoryReport.Variable) is { Length: > 0 } memoryReport)
        {
            builder.Services.AddHostedService(services => new MemoryReport(memoryReport, services.GetRequiredService<TimeProvider>()));
        }
        builder.Services.AddHostedService<UpdateCheckAtStart>();
        configureServices?.Invoke(builder.Services);

        // Framework request logs print full URLs (the login URL holds the token): keep them quiet.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var app = builder.Build();
        // The install's access token is a secret too: no log line or report may carry it.
        app.Services.GetRequiredService<ISecretRedactor>().AddSecret(token.Value);
        try
        {
            await GroveStartup.InitializeAsync(app.Services, cancellationToken);

            // Messages that waited when Grove last stopped are queued again (the server runs them).
            await app.Services.GetRequiredService<IAgentRuns>().ResumeWaitingAsync(cancellationToken);
            app.UseGroveServerPipeline(options);
            app.MapGroveServerEndpoints();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new GroveServer(app, endpoint, token, paths);
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await App.StartAsync(cancellationToken);
        App.Services.GetRequiredService<Grove.Services.Analytics.IAnalytics>().Track(Grove.Services.Analytics.AnalyticsEvents.AppOpened);
    }

    /// <summary>Stops listening; agent processes stop when the server is disposed.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => App.StopAsync(cancellationToken);

    /// <summary>The addresses Kestrel actually listens on (for checks and diagnostics).</summary>
    public IReadOnlyCollection<string> ListeningAddresses =>
        App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
