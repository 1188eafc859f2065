using System.Text.Json;
using System.Text.Json.Serialization;
using Grove.Server.Api;
using Grove.Server.Errors;
using Grove.Server.Security;
using Grove.Web;
using Grove.Web.Components;

namespace Grove.Server.Hosting;

/// <summary>The server's services, middleware order and endpoint map, in one readable place.</summary>
internal static class ServerComposition
{
    public static IServiceCollection AddGroveServerApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<GroveExceptionHandler>();
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        // The OpenAPI document's services are built on its first request, not at start-up (LazyOpenApi).
        services.AddSingleton(_ => new LazyOpenApi(services));
        services.AddRazorComponents().AddInteractiveServerComponents(circuits =>
        {
            // A circuit whose page went away (not closed cleanly) is kept for a reconnect; each
            // holds its components' state, so keep a few, not the default hundred.
            circuits.DisconnectedCircuitMaxRetained = 10;
        });
        services.AddGroveWeb();
        return services;
    }

    public static WebApplication UseGroveServerPipeline(this WebApplication app, ServerOptions options)
    {
        if (options.LogRequests)
        {
            app.UseMiddleware<RequestLogging>();
        }

        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<LocalRequestGuard>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<TokenAuthentication>();
        app.UseMiddleware<EscapedSlashRouteValues>();
        // After the token check: only a signed-in client can open a socket (terminals).
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapGroveServerEndpoints(this WebApplication app)
    {
        app.MapLogin();
        app.MapAccountCallback();
        var openApi = app.Services.GetRequiredService<LazyOpenApi>();
        app.MapGet(LazyOpenApi.Pattern, new RequestDelegate(openApi.HandleAsync)).ExcludeFromDescription();
        app.MapStaticAssets(StaticAssetsManifest.Find()).ExcludeFromDescription();
        // Over loopback, WebSocket compression saves no time and costs each circuit a deflate state.
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode(render => render.DisableWebSocketCompression = true)
            .ExcludeFromDescription();

        var api = app.MapGroup("/api");
        api.MapProjectsApi();
        api.MapWorkspacesApi();
        api.MapChangesApi();
        api.MapPullRequestsApi();
        api.MapReviewCommentsApi();
        api.MapTabsApi();
        api.MapAgentsApi();
        api.MapExportApi();
        api.MapMessagesApi();
        api.MapStreamApi();
        api.MapWorkspaceEventsApi();
        api.MapTerminalsApi();
        api.MapRunsApi();
        api.MapCheckpointsApi();
        api.MapApprovalsApi();
        api.MapSearchApi();
        api.MapSettingsApi();
        api.MapMcpOAuthApi();
        api.MapAccountApi();
        api.MapMcpApi();
        api.MapBudgetsApi();
        api.MapDoctorApi();
        api.MapLogsApi();
        api.MapConflictsApi();
        api.MapUsageApi();
        api.MapVoiceApi();
        api.MapUpdatesApi();
        return app;
    }
}
