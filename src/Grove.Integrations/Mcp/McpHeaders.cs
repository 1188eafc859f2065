using Grove.Core.Mcp;

namespace Grove.Integrations.Mcp;

/// <summary>The headers an HTTP/SSE server gets: its own, plus Grove's bearer token when it holds one.</summary>
public static class McpHeaders
{
    /// <summary>The headers to send, or null when the server needs a sign-in first.</summary>
    public static async Task<Dictionary<string, string>?> ForAsync(McpServerDefinition definition, Uri url, IMcpAccessTokens tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(tokens);
        var headers = new Dictionary<string, string>(definition.Headers, StringComparer.OrdinalIgnoreCase);
        var token = await tokens.GetAsync(url, cancellationToken);
        switch (token.State)
        {
            case McpAccessTokenState.NeedsSignIn:
                return null;
            case McpAccessTokenState.Valid when token.AccessToken is { Length: > 0 } access:
                headers["Authorization"] = $"Bearer {access}";
                break;
        }

        return headers;
    }
}
