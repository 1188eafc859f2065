using Grove.Core.Mcp;

namespace Grove.Services.Mcp;

/// <summary>A client id (and secret) configured for a server whose authorization server does not register clients.</summary>
public sealed record McpClientCredentials(string ClientId, string? ClientSecret = null);

/// <summary>
/// A sign-in under way: the page to open in a browser, and the outcome once the browser comes back to
/// Grove's callback (or 5 minutes pass). <see cref="Completion"/> never faults: a failure is a status
/// with <see cref="McpSignInStatus.Error"/>.
/// </summary>
public sealed record McpSignInStarted(string ServerUrl, Uri AuthorizeUrl, Uri RedirectUri, TimeSpan Timeout, Task<McpSignInStatus> Completion);

/// <summary>
/// OAuth sign-in to HTTP MCP servers, keyed by the server's normalized URL: start (discovery,
/// registration, a loopback callback for the duration of the sign-in), status, sign-out. Tokens are
/// stored encrypted in Grove's database; <c>IMcpAccessTokens</c> hands them (refreshed) to probes and runs.
/// </summary>
public interface IMcpSignIn
{
    /// <summary>
    /// Discovers the server's authorization server, registers Grove when no client is given, starts the
    /// callback listener and returns the authorize URL. Only one sign-in waits at a time (they share the
    /// callback port): a new one replaces the previous. Throws a one-line <c>GroveException</c> when the
    /// server cannot be signed in to (metadata missing, registration refused, port in use, network).
    /// </summary>
    Task<McpSignInStarted> StartAsync(string serverUrl, McpClientCredentials? client = null, CancellationToken cancellationToken = default);

    Task<McpSignInStatus> GetStatusAsync(string serverUrl, CancellationToken cancellationToken = default);

    /// <summary>Deletes the server's tokens and client registration (and stops a pending sign-in); false when there were none.</summary>
    Task<bool> SignOutAsync(string serverUrl, CancellationToken cancellationToken = default);
}
