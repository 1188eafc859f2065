namespace Grove.Services.Hosting;

/// <summary>Start-up step: migrate the database (the Data layer's initializer).</summary>
internal static class GroveDataStartup
{
    public static Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        _ = services;
        _ = cancellationToken;
        return Task.CompletedTask; // replaced when Grove.Data's initializer lands
    }
}
