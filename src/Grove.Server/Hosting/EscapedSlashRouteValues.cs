namespace Grove.Server.Hosting;

/// <summary>
/// Workspace and tab references may be <c>&lt;project&gt;/&lt;name&gt;</c>; clients escape the
/// slash (<c>%2F</c>) and routing leaves it escaped in the route value. This turns it back into a
/// slash for every endpoint, so each handler gets the reference as the user wrote it.
/// </summary>
internal sealed class EscapedSlashRouteValues(RequestDelegate next)
{
    private static readonly string[] ReferenceKeys = ["workspace", "tab", "project"];

    public Task InvokeAsync(HttpContext context)
    {
        var values = context.Request.RouteValues;
        foreach (var key in ReferenceKeys)
        {
            if (values.TryGetValue(key, out var value) && value is string text && text.Contains("%2F", StringComparison.OrdinalIgnoreCase))
            {
                values[key] = text.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
            }
        }

        return next(context);
    }
}
