namespace Grove.Integrations.Mcp.OAuth;

/// <summary>
/// What a sign-in needs to know about a server, found by <see cref="IMcpOAuthClient.DiscoverAsync"/>:
/// the resource to ask a token for (RFC 8707), its authorization server's endpoints (RFC 8414) and
/// the scopes to request (from <c>WWW-Authenticate</c> or the protected-resource metadata).
/// </summary>
public sealed record McpOAuthMetadata(
    Uri ServerUrl,
    string Resource,
    Uri Issuer,
    Uri AuthorizationEndpoint,
    Uri TokenEndpoint,
    Uri? RegistrationEndpoint,
    string? Scopes);

/// <summary>A client id (and optional secret) Grove uses with an authorization server: configured or registered (RFC 7591).</summary>
public sealed record McpOAuthClientRegistration(string ClientId, string? ClientSecret = null);

/// <summary>A token response: the access token, the refresh token when one was issued, the expiry and granted scopes.</summary>
public sealed record McpOAuthTokens(string AccessToken, string? RefreshToken, DateTimeOffset? ExpiresAt, string? Scopes);

/// <summary>One authorization request: where to send the browser, and what the token exchange needs from it.</summary>
public sealed record McpOAuthAuthorization(Uri AuthorizeUrl, string State, string CodeVerifier);
