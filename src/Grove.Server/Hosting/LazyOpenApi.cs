using Microsoft.AspNetCore.Hosting.Server;

namespace Grove.Server.Hosting;

/// <summary>
/// The OpenAPI document (<c>/openapi/{documentName}.json</c>) with its services built on the first
/// request for it (issue 12). <c>AddOpenApi()</c> at start-up loaded Microsoft.AspNetCore.OpenApi,
/// Microsoft.OpenApi, Mvc.ApiExplorer, Mvc.Abstractions and Mvc.Core (and their types) into every
/// server, idle or streaming, for a document few clients ever ask for.
/// </summary>
/// <remarks>
/// The first request builds a second container: the server's own registrations (each singleton there
/// is made only if the document asks for it), the server's endpoints and Kestrel instance (so the
/// document describes the real API and no second server is made), and <c>AddOpenApi()</c>. The
/// framework's own <c>MapOpenApi</c> handler, mapped on that container, then serves each request
/// with it as the request's services.
/// </remarks>
internal sealed class LazyOpenApi(IServiceCollection serverServices) : IDisposable
{
    public const string Pattern = "/openapi/{documentName}.json";

    private readonly Lock _gate = new();
    private ServiceProvider? _services;
    private RequestDelegate? _handler;

    /// <summary>True once the first request built the document's services.</summary>
    public bool IsBuilt => Volatile.Read(ref _handler) is not null;

    public async Task HandleAsync(HttpContext context)
    {
        var (services, handler) = Build(context.RequestServices);
        var serverRequestServices = context.RequestServices;
        await using var scope = services.CreateAsyncScope();
        context.RequestServices = scope.ServiceProvider;
        try
        {
            await handler(context);
        }
        finally
        {
            context.RequestServices = serverRequestServices;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _services?.Dispose();
        }
    }

    private (ServiceProvider Services, RequestDelegate Handler) Build(IServiceProvider server)
    {
        lock (_gate)
        {
            if (_services is null || _handler is null)
            {
                IServiceCollection services = new ServiceCollection();
                foreach (var descriptor in serverServices)
                {
                    services.Add(descriptor);
                }

                services.AddSingleton(server.GetRequiredService<EndpointDataSource>());
                services.AddSingleton(server.GetRequiredService<IServer>());
                services.AddOpenApi();
                var provider = services.BuildServiceProvider();
                var routes = new DocumentRoutes(provider);
                routes.MapOpenApi(Pattern);
                _handler = routes.DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>().Single().RequestDelegate
                    ?? throw new InvalidOperationException("MapOpenApi made an endpoint without a handler.");
                _services = provider;
            }

            return (_services, _handler);
        }
    }

    /// <summary>Where <c>MapOpenApi</c> maps its one endpoint: on the document's container, outside the server's routes.</summary>
    private sealed class DocumentRoutes(IServiceProvider services) : IEndpointRouteBuilder
    {
        public IServiceProvider ServiceProvider { get; } = services;

        public ICollection<EndpointDataSource> DataSources { get; } = [];

        public IApplicationBuilder CreateApplicationBuilder() => throw new NotSupportedException();
    }
}
