namespace Grove.Integrations.Mcp.OAuth;

/// <summary>Starts the loopback listener a browser is redirected to at the end of a sign-in.</summary>
public interface IMcpOAuthCallbacks
{
    /// <summary>
    /// Listens on <c>http://127.0.0.1:<paramref name="port"/>/callback</c> until disposed. A port in use
    /// throws <see cref="McpOAuthCallbackPortException"/>.
    /// </summary>
    IMcpOAuthCallback Listen(int port);
}

/// <summary>One listening callback.</summary>
public interface IMcpOAuthCallback : IDisposable
{
    /// <summary><c>http://127.0.0.1:PORT/callback</c>.</summary>
    Uri RedirectUri { get; }

    /// <summary>
    /// Waits for the redirect that carries <paramref name="expectedState"/>. A request with a missing or
    /// different state is answered 400 and ignored; an OAuth <c>error</c> with the right state throws
    /// <see cref="McpOAuthRefusedException"/>. The browser's request stays open until
    /// <see cref="McpOAuthCallbackRequest.RespondAsync"/>, so the page can tell the outcome.
    /// </summary>
    Task<McpOAuthCallbackRequest> WaitForCodeAsync(string expectedState, CancellationToken cancellationToken);
}

/// <summary>The browser's redirect with an authorization code, waiting for the page Grove answers with.</summary>
public abstract class McpOAuthCallbackRequest(string code)
{
    public string Code { get; } = code;

    /// <summary>Answers the browser: "Signed in, you can close this tab." or the one-line error.</summary>
    public abstract Task RespondAsync(bool signedIn, string message);
}

/// <summary>The callback port is taken by another program.</summary>
public sealed class McpOAuthCallbackPortException(int port, Exception inner)
    : Core.Errors.GroveException(Core.Errors.ErrorKind.Conflict, $"Port {port} for the MCP sign-in callback is in use.", inner)
{
    public int Port { get; } = port;
}
