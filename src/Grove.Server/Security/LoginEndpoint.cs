using Microsoft.AspNetCore.Http.HttpResults;

namespace Grove.Server.Security;

/// <summary>
/// <c>GET /login?token=…</c>: the one URL <c>grove serve</c> prints (and <c>grove url</c> prints
/// again). A correct token becomes an HttpOnly, SameSite=Strict session cookie and a redirect to
/// <c>/</c> (so the token leaves the address bar and history); a wrong one is refused: a browser
/// gets the <see cref="SignInPage"/>, a script a ProblemDetails 401.
/// </summary>
internal static class LoginEndpoint
{
    public static void MapLogin(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/login", async Task<Results<RedirectHttpResult, ProblemHttpResult, EmptyHttpResult>> (string? token, HttpContext context, ServerToken serverToken) =>
        {
            if (!serverToken.Matches(token))
            {
                if (SignInPage.WantsHtml(context.Request))
                {
                    await SignInPage.WriteAsync(context, badLink: true);
                    return TypedResults.Empty;
                }

                return LocalRequestGuard.Problem(StatusCodes.Status401Unauthorized, "Login link not valid", "Use the login URL printed by 'grove serve' (or 'grove url').");
            }

            context.Response.Cookies.Append(TokenAuthentication.CookieName, serverToken.Value, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Path = "/",
                IsEssential = true,
                MaxAge = TimeSpan.FromDays(30),
            });
            return TypedResults.Redirect("/");
        }).ExcludeFromDescription();
    }
}
