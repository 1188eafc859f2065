using Microsoft.AspNetCore.Http.HttpResults;

namespace Grove.Server.Security;

/// <summary>
/// <c>GET /login?token=…</c>: the one URL <c>grove serve</c> prints. A correct token becomes an
/// HttpOnly, SameSite=Strict session cookie and a redirect to <c>/</c> (so the token leaves the
/// address bar and history); a wrong one is refused.
/// </summary>
internal static class LoginEndpoint
{
    public static void MapLogin(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/login", Results<RedirectHttpResult, ProblemHttpResult> (string? token, HttpContext context, ServerToken serverToken) =>
        {
            if (!serverToken.Matches(token))
            {
                return LocalRequestGuard.Problem(StatusCodes.Status401Unauthorized, "Login link not valid", "Use the login URL printed by 'grove serve'.");
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
