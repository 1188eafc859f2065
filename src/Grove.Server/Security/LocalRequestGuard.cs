using Microsoft.AspNetCore.Http.HttpResults;

namespace Grove.Server.Security;

/// <summary>
/// Refuses requests that a web page on another site could make through the user's browser:
/// a Host that is not this loopback server (DNS rebinding) gets 421; a state-changing or
/// streaming request whose Origin is another site gets 403.
/// </summary>
internal sealed class LocalRequestGuard(RequestDelegate next, ServerEndpoint endpoint)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var host = context.Request.Host;
        if (!host.HasValue || !endpoint.AllowedHosts.Contains(host.Value))
        {
            await Problem(StatusCodes.Status421MisdirectedRequest, "Unknown host", "This Grove server only answers to 127.0.0.1, localhost or [::1] on its own port.").ExecuteAsync(context);
            return;
        }

        if (NeedsSameOrigin(context.Request) &&
            context.Request.Headers.Origin is { Count: > 0 } origin &&
            !endpoint.AllowedOrigins.Contains(origin.ToString()))
        {
            await Problem(StatusCodes.Status403Forbidden, "Cross-origin request refused", "Requests that change state or stream events must come from Grove's own page.").ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    /// <summary>POST/PUT/PATCH/DELETE, WebSocket upgrades and event streams.</summary>
    private static bool NeedsSameOrigin(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) ||
        HttpMethods.IsPatch(request.Method) || HttpMethods.IsDelete(request.Method) ||
        request.Headers.Upgrade.Count > 0 ||
        request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) ||
        request.Path.Value?.EndsWith("/stream", StringComparison.Ordinal) == true ||
        request.Path.Equals("/api/events", StringComparison.OrdinalIgnoreCase) ||
        IsWorkspaceEvents(request.Path);

    /// <summary><c>/api/workspaces/{ws}/events</c>, the workspace event stream.</summary>
    private static bool IsWorkspaceEvents(PathString path) =>
        path.StartsWithSegments("/api/workspaces", StringComparison.OrdinalIgnoreCase, out var rest) &&
        rest.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) is [_, var last] &&
        last.Equals("events", StringComparison.OrdinalIgnoreCase);

    internal static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title);
}
