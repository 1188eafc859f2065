using Grove.Core.Errors;

namespace Grove.Core.Mcp;

/// <summary>
/// The one key for an HTTP MCP server: its URL with the scheme and host lowercased, the default port
/// dropped, no fragment, no user info, and no trailing slash on the path. Sign-ins, tokens and
/// statuses are keyed by it, never by a server's name.
/// </summary>
public static class McpServerUrl
{
    /// <summary>Normalizes an absolute http(s) URL; throws <see cref="ErrorKind.InvalidInput"/> otherwise.</summary>
    public static Uri Normalize(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
            ? Normalize(uri)
            : throw new GroveException(ErrorKind.InvalidInput, $"'{url}' is not an absolute http(s) URL.");
    }

    /// <inheritdoc cref="Normalize(string)"/>
    public static Uri Normalize(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
        {
            throw new GroveException(ErrorKind.InvalidInput, $"'{url}' is not an absolute http(s) URL.");
        }

        var path = url.AbsolutePath.Length > 1 ? url.AbsolutePath.TrimEnd('/') : string.Empty;
        var builder = new UriBuilder(url.Scheme, url.Host.ToLowerInvariant(), url.IsDefaultPort ? -1 : url.Port, path)
        {
            Query = url.Query.TrimStart('?'),
        };
        return builder.Uri;
    }

    /// <summary>The normalized URL as the text used for keys.</summary>
    public static string Key(Uri url) => Normalize(url).AbsoluteUri;

    /// <summary>True for a text that parses as an http(s) URL (to tell a URL from a server name).</summary>
    public static bool IsUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
