using System.Net;
using System.Text;

namespace Grove.Integrations.Mcp.OAuth;

/// <summary><see cref="IMcpOAuthCallbacks"/> over <see cref="HttpListener"/>, bound to 127.0.0.1 only.</summary>
internal sealed class McpOAuthCallbacks : IMcpOAuthCallbacks
{
    public IMcpOAuthCallback Listen(int port)
    {
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        try
        {
            listener.Start();
        }
        catch (Exception e) when (e is HttpListenerException or System.Net.Sockets.SocketException)
        {
            ((IDisposable)listener).Dispose();
            throw new McpOAuthCallbackPortException(port, e);
        }

        return new Callback(listener, new Uri($"http://127.0.0.1:{port}/callback"));
    }

    private sealed class Callback(HttpListener listener, Uri redirectUri) : IMcpOAuthCallback
    {
        public Uri RedirectUri { get; } = redirectUri;

        public async Task<McpOAuthCallbackRequest> WaitForCodeAsync(string expectedState, CancellationToken cancellationToken)
        {
            while (true)
            {
                var context = await listener.GetContextAsync().WaitAsync(cancellationToken);
                var request = context.Request;
                if (request.Url?.AbsolutePath != "/callback")
                {
                    await WriteAsync(context.Response, HttpStatusCode.NotFound, "Not found", "Grove's sign-in callback is at /callback.");
                    continue;
                }

                var state = request.QueryString["state"];
                if (string.IsNullOrEmpty(state) || !CryptographicEquals(state, expectedState))
                {
                    await WriteAsync(context.Response, HttpStatusCode.BadRequest, "Sign-in refused", "This sign-in link is not the one Grove is waiting for (its state does not match). Start the sign-in again from Grove.");
                    continue;
                }

                if (request.QueryString["error"] is { Length: > 0 } error)
                {
                    var description = request.QueryString["error_description"];
                    var message = $"The authorization server refused the sign-in: {error}{(string.IsNullOrWhiteSpace(description) ? string.Empty : ": " + description.ReplaceLineEndings(" "))}.";
                    await WriteAsync(context.Response, HttpStatusCode.BadRequest, "Sign-in failed", message);
                    throw new McpOAuthRefusedException(message);
                }

                if (request.QueryString["code"] is not { Length: > 0 } code)
                {
                    await WriteAsync(context.Response, HttpStatusCode.BadRequest, "Sign-in refused", "The redirect carried no authorization code.");
                    continue;
                }

                return new Pending(code, context.Response);
            }
        }

        public void Dispose() => ((IDisposable)listener).Dispose();

        private static bool CryptographicEquals(string a, string b) =>
            System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
    }

    private sealed class Pending(string code, HttpListenerResponse response) : McpOAuthCallbackRequest(code)
    {
        public override Task RespondAsync(bool signedIn, string message) =>
            WriteAsync(response, signedIn ? HttpStatusCode.OK : HttpStatusCode.BadRequest, signedIn ? "Signed in" : "Sign-in failed", message);
    }

    private static async Task WriteAsync(HttpListenerResponse response, HttpStatusCode status, string title, string message)
    {
        var html = $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Grove: {WebUtility.HtmlEncode(title)}</title>
            <style>body{"{"}font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222{"}"}</style></head>
            <body><h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(message)}</p></body></html>
            """;
        var bytes = Encoding.UTF8.GetBytes(html);
        try
        {
            response.StatusCode = (int)status;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers["Cache-Control"] = "no-store";
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes);
            response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException)
        {
            // The browser went away; the sign-in outcome does not depend on the page.
        }
    }
}
