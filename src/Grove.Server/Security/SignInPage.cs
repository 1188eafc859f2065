using System.Text;

namespace Grove.Server.Security;

/// <summary>
/// What a browser gets instead of a 401 ProblemDetails when it has no valid token: a small HTML
/// page (no script, styled by Grove's own stylesheet, which is public) that says how to sign in.
/// Scripts (no <c>text/html</c> in Accept, or an Authorization header) keep getting ProblemDetails.
/// </summary>
internal static class SignInPage
{
    /// <summary>Files the page needs before sign-in; nothing in them is secret.</summary>
    public static readonly string[] PublicAssets = ["/_content/Grove.Web/grove.css", "/_content/Grove.Web/favicon.svg", "/_content/Grove.Web/js/theme.js"];

    public static bool IsPublicAsset(PathString path) =>
        Array.Exists(PublicAssets, asset => path.Equals(asset, StringComparison.OrdinalIgnoreCase));

    /// <summary>A browser navigating (Accept lists text/html) that did not send a Bearer token.</summary>
    public static bool WantsHtml(HttpRequest request) =>
        request.Headers.Authorization.Count == 0 &&
        request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    public static async Task WriteAsync(HttpContext context, bool badLink)
    {
        var heading = badLink ? "This sign-in link is not valid" : "Sign in to Grove";
        var reason = badLink
            ? "The link does not hold this install's token (it may be from another data folder, or cut short when copied)."
            : "This browser is not signed in to this Grove server yet.";
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"en\" data-theme=\"dark\"><head><meta charset=\"utf-8\" />")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\" />")
            .Append("<title>Sign in · Grove</title>")
            .Append("<link rel=\"icon\" href=\"/_content/Grove.Web/favicon.svg\" type=\"image/svg+xml\" />")
            .Append("<link rel=\"stylesheet\" href=\"/_content/Grove.Web/grove.css\" />")
            .Append("<script src=\"/_content/Grove.Web/js/theme.js\"></script></head>")
            .Append("<body><main class=\"signin\" data-test=\"signin\">")
            .Append("<h1>").Append(heading).Append("</h1>")
            .Append("<p>").Append(reason).Append("</p>")
            .Append("<p>Open the link <code>grove serve</code> printed when it started (<code>http://127.0.0.1:…/login?token=…</code>). ")
            .Append("It holds your install's access token, so it works every time; don't share it.</p>")
            .Append("<p>Lost it? Run <code>grove url</code> to print it again, or stop and start <code>grove serve</code>.</p>")
            .Append("</main></body></html>");
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(html.ToString(), context.RequestAborted);
    }
}
