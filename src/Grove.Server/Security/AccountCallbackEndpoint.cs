using System.Net;
using System.Text;
using Grove.Core.Errors;
using Grove.Services.Account;

namespace Grove.Server.Security;

/// <summary>
/// <c>GET /auth/callback?code=…&amp;state=…</c>: where the account backend sends the browser after sign-in. It is open
/// (the backend's redirect is a cross-site navigation, so Grove's SameSite=Strict cookie does not come with it) and safe:
/// it only completes a pending sign-in whose random, single-use <c>state</c> this server issued; anything else is
/// refused and nothing is contacted. The page then goes on to the settings.
/// </summary>
internal static class AccountCallbackEndpoint
{
    public const string Path = "/auth/callback";

    public static Uri RedirectUri(HttpRequest request) => new($"http://{request.Host.Value}{Path}");

    public static void MapAccountCallback(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, async (HttpContext context, IAccount account) =>
        {
            var query = context.Request.Query;
            if (query["error"].ToString() is { Length: > 0 } error)
            {
                // Only a pending sign-in's own state may report its failure (and it is used up by it).
                var description = query["error_description"].ToString();
                await WriteAsync(context, HttpStatusCode.BadRequest, "Sign-in failed", $"The account backend did not sign you in: {error}{(description.Length > 0 ? ": " + description.ReplaceLineEndings(" ") : string.Empty)}.", false);
                return;
            }

            try
            {
                var status = await account.CompleteSignInAsync(query["code"].ToString(), query["state"].ToString(), context.RequestAborted);
                var who = status.Profile?.Name ?? status.Profile?.Email ?? "your account";
                await WriteAsync(context, HttpStatusCode.OK, "Signed in", $"Grove is signed in as {who}. Going back to Grove…", true);
            }
            catch (GroveException e)
            {
                await WriteAsync(context, e.Kind == ErrorKind.SecurityViolation ? HttpStatusCode.BadRequest : HttpStatusCode.BadGateway, "Sign-in failed", e.Message, false);
            }
        }).ExcludeFromDescription();
    }

    private static async Task WriteAsync(HttpContext context, HttpStatusCode status, string title, string message, bool signedIn)
    {
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"en\" data-theme=\"dark\"><head><meta charset=\"utf-8\" />")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\" />");
        if (signedIn)
        {
            html.Append("<meta http-equiv=\"refresh\" content=\"1;url=/settings\" />");
        }

        html.Append("<title>").Append(WebUtility.HtmlEncode(title)).Append(" · Grove</title>")
            .Append("<link rel=\"icon\" href=\"/_content/Grove.Web/favicon.svg\" type=\"image/svg+xml\" />")
            .Append("<link rel=\"stylesheet\" href=\"/_content/Grove.Web/grove.css\" />")
            .Append("<script src=\"/_content/Grove.Web/js/theme.js\"></script></head>")
            .Append("<body><main class=\"signin\" data-test=\"account-callback\" data-status=\"").Append(signedIn ? "signed-in" : "failed").Append("\">")
            .Append("<h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>")
            .Append("<p>").Append(WebUtility.HtmlEncode(message)).Append("</p>")
            .Append("<p><a href=\"/settings\">Open Grove's settings</a></p>")
            .Append("</main></body></html>");
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        await context.Response.WriteAsync(html.ToString(), context.RequestAborted);
    }
}
