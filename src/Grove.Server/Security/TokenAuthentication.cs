namespace Grove.Server.Security;

/// <summary>
/// Every request needs the install's token: the session cookie set by <c>/login</c>, or
/// <c>Authorization: Bearer &lt;token&gt;</c>. Only <c>/login</c>, the account backend's redirect
/// <c>/auth/callback</c> (it completes only a sign-in this server started: see <see cref="AccountCallbackEndpoint"/>)
/// and the sign-in page's stylesheet, icon and theme script are open. Compared in constant time. A browser without a valid token gets
/// the <see cref="SignInPage"/>, a script a ProblemDetails 401.
/// </summary>
internal sealed class TokenAuthentication(RequestDelegate next, ServerToken token)
{
    public const string CookieName = "grove_session";

    public async Task InvokeAsync(HttpContext context)
    {
        if (IsPublic(context.Request.Path) || IsAuthenticated(context.Request))
        {
            await next(context);
            return;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        if (SignInPage.WantsHtml(context.Request))
        {
            await SignInPage.WriteAsync(context, badLink: false);
            return;
        }

        await LocalRequestGuard.Problem(
            StatusCodes.Status401Unauthorized,
            "Not signed in",
            "Open the login URL printed by 'grove serve' (again: 'grove url'), or send 'Authorization: Bearer <token>' (the token is in the data folder's server-token file).").ExecuteAsync(context);
    }

    private static bool IsPublic(PathString path) =>
        path.Equals("/login", StringComparison.OrdinalIgnoreCase) ||
        path.Equals(AccountCallbackEndpoint.Path, StringComparison.OrdinalIgnoreCase) ||
        SignInPage.IsPublicAsset(path);

    private bool IsAuthenticated(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return token.Matches(authorization["Bearer ".Length..].Trim());
        }

        return request.Cookies.TryGetValue(CookieName, out var cookie) && token.Matches(cookie);
    }
}
