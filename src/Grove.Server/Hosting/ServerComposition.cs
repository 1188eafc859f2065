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
        services.AddOpenApi();
        services.AddRazorComponents().AddInteractiveServerComponents();
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
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapGroveServerEndpoints(this WebApplication app)
    {
        app.MapLogin();
        app.MapOpenApi();
        app.MapStaticAssets(StaticAssetsManifest.Find()).ExcludeFromDescription();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().ExcludeFromDescription();

        var api = app.MapGroup("/api");
        api.MapProjectsApi();
        api.MapWorkspacesApi();
        api.MapChangesApi();
        api.MapTabsApi();
        api.MapExportApi();
        api.MapMessagesApi();
        api.MapStreamApi();
        api.MapWorkspaceEventsApi();
        api.MapApprovalsApi();
        api.MapSearchApi();
        api.MapSettingsApi();
        api.MapDoctorApi();
        return app;
    }
}
