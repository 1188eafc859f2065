namespace Grove.Integrations.Mcp.OAuth;

/// <summary>
/// The OAuth 2.0 client side of the MCP authorization spec. Every failure is a one-line
/// <c>GroveException</c>: <c>Network</c> when a server cannot be reached, <c>Unsupported</c> when
/// metadata is missing or unusable, <see cref="McpOAuthRefusedException"/> when a server says no.
/// </summary>
public interface IMcpOAuthClient
{
    /// <summary>
    /// Asks the server (expecting 401 and <c>WWW-Authenticate: Bearer resource_metadata=…</c>), reads its
    /// protected-resource metadata (RFC 9728, falling back to the well-known URL on its origin) and its
    /// authorization server's metadata (RFC 8414, falling back to OpenID configuration).
    /// </summary>
    Task<McpOAuthMetadata> DiscoverAsync(Uri serverUrl, CancellationToken cancellationToken);

    /// <summary>Dynamic client registration (RFC 7591) for a public client with this redirect URI.</summary>
    Task<McpOAuthClientRegistration> RegisterAsync(McpOAuthMetadata metadata, Uri redirectUri, CancellationToken cancellationToken);

    /// <summary>An authorization-code request with PKCE S256, a fresh <c>state</c>, the resource and the scopes.</summary>
    McpOAuthAuthorization CreateAuthorization(McpOAuthMetadata metadata, McpOAuthClientRegistration client, Uri redirectUri);

    /// <summary>Exchanges an authorization code (with the PKCE verifier) for tokens.</summary>
    Task<McpOAuthTokens> ExchangeCodeAsync(Uri tokenEndpoint, string resource, McpOAuthClientRegistration client, string code, Uri redirectUri, string codeVerifier, CancellationToken cancellationToken);

    /// <summary>The refresh grant; a refused refresh throws <see cref="McpOAuthRefusedException"/>.</summary>
    Task<McpOAuthTokens> RefreshAsync(Uri tokenEndpoint, string resource, McpOAuthClientRegistration client, string refreshToken, CancellationToken cancellationToken);
}
