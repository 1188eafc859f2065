namespace Grove.Integrations.Mcp;

/// <summary>
/// The bearer token Grove holds for an OAuth-protected HTTP MCP server, keyed by the server's URL.
/// Probes and agent runs ask for it right before they connect; an implementation refreshes a token
/// that expires within 5 minutes, and answers <see cref="McpAccessTokenState.NeedsSignIn"/> when a
/// refresh was refused or no token is stored for a server that asked for one.
/// </summary>
public interface IMcpAccessTokens
{
    /// <summary>The current token for <paramref name="serverUrl"/>; never throws for "no token".</summary>
    Task<McpAccessToken> GetAsync(Uri serverUrl, CancellationToken cancellationToken);
}

/// <summary>Whether Grove can authenticate to a server.</summary>
public enum McpAccessTokenState
{
    /// <summary>Grove has never signed in to this server (it may not need a sign-in).</summary>
    None,

    /// <summary><see cref="McpAccessToken.AccessToken"/> is valid for at least 5 more minutes.</summary>
    Valid,

    /// <summary>A sign-in is needed (refresh refused, or the stored sign-in was removed).</summary>
    NeedsSignIn,
}

/// <summary>A token answer: the state, and the access token when it is <see cref="McpAccessTokenState.Valid"/>.</summary>
public sealed record McpAccessToken(McpAccessTokenState State, string? AccessToken = null, DateTimeOffset? ExpiresAt = null)
{
    public static McpAccessToken None { get; } = new(McpAccessTokenState.None);
}

/// <summary>Until OAuth sign-in is registered: no server has a token.</summary>
internal sealed class NoMcpAccessTokens : IMcpAccessTokens
{
    public Task<McpAccessToken> GetAsync(Uri serverUrl, CancellationToken cancellationToken) => Task.FromResult(McpAccessToken.None);
}
