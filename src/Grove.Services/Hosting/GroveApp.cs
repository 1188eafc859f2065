using Grove.Core.Paths;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Hosting;

/// <summary>
/// Builds Grove's services for a data folder and brings the database up to date. Used by the CLI
/// (direct mode) and by the server; tests build it on a temp data folder.
/// </summary>
public sealed class GroveApp : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private GroveApp(ServiceProvider provider, GrovePaths paths)
    {
        _provider = provider;
        Paths = paths;
    }

    public GrovePaths Paths { get; }

    public IServiceProvider Services => _provider;

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    public static async Task<GroveApp> StartAsync(GrovePaths paths, Action<ILoggingBuilder>? configureLogging = null, Action<IServiceCollection>? configureServices = null, CancellationToken cancellationToken = default)
    {
        paths.EnsureCreated();
        var services = new ServiceCollection();
        services.AddSingleton(paths);
        services.AddLogging(builder =>
        {
            builder.SetMinimumLevel(LogLevel.Warning);
            configureLogging?.Invoke(builder);
        });
        services.AddGroveServices();
        configureServices?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        try
        {
            await GroveStartup.InitializeAsync(provider, cancellationToken);
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }

        return new GroveApp(provider, paths);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
