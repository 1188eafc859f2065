namespace Grove.Core.Mcp;

/// <summary>Where Grove stands with an OAuth-protected MCP server.</summary>
public enum McpSignInState
{
    /// <summary>Grove holds no sign-in for this server (it may not need one).</summary>
    SignedOut,

    /// <summary>A sign-in was started and Grove waits for the browser to come back.</summary>
    SigningIn,

    /// <summary>Grove holds tokens for the server.</summary>
    SignedIn,

    /// <summary>The server's token could not be refreshed; sign in again (or sign out).</summary>
    NeedsSignIn,
}

/// <summary>
/// A server's sign-in status: the state, when the access token expires, the granted scopes, and
/// the last sign-in error (one line) when the latest attempt failed.
/// </summary>
public sealed record McpSignInStatus(string ServerUrl, McpSignInState State, DateTimeOffset? ExpiresAt = null, string? Scopes = null, string? Error = null);
