using Grove.Web.State;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Web;

public static class WebServiceCollectionExtensions
{
    /// <summary>The UI's own services (per-circuit state); the server adds Razor components itself.</summary>
    public static IServiceCollection AddGroveWeb(this IServiceCollection services)
    {
        services.AddScoped<UiCommands>();
        services.AddScoped<LayoutState>();
        services.AddScoped<Toasts>();
        services.AddScoped<ComposerInbox>();
        services.AddScoped<Grove.Web.Components.Composer.ComposerDrafts>();
        return services;
    }
}
