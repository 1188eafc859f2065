namespace Grove.Server.Security;

/// <summary>
/// Security headers on every response, set when the response starts so error paths get them too.
/// The CSP suits a later Blazor Server UI: scripts, styles and websockets from this origin only.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next, ServerEndpoint endpoint)
{
    private readonly string _contentSecurityPolicy =
        $"default-src 'self'; connect-src 'self' ws://127.0.0.1:{endpoint.Port} ws://localhost:{endpoint.Port}; " +
        "img-src 'self' data:; style-src 'self' 'unsafe-inline'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = _contentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            if (!headers.ContainsKey("Cache-Control"))
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}
