using System.Collections.Concurrent;
using Grove.Core.Mcp;
using Grove.Data.Stores;
using Grove.Integrations.Mcp;
using Grove.Integrations.Mcp.OAuth;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Mcp;

/// <summary>
/// <see cref="IMcpAccessTokens"/> over the stored sign-ins: a token that expires within
/// <see cref="RefreshWindow"/> is refreshed first, one refresh at a time per server (callers that
/// wait get the refreshed token); a refused refresh marks the server "needs sign-in".
/// </summary>
internal sealed partial class McpAccessTokens(IMcpOAuthStore store, IMcpOAuthClient client, TimeProvider time, ILogger<McpAccessTokens> logger) : IMcpAccessTokens
{
    public static readonly TimeSpan RefreshWindow = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public async Task<McpAccessToken> GetAsync(Uri serverUrl, CancellationToken cancellationToken)
    {
        var key = McpServerUrl.Key(serverUrl);
        var record = await store.GetAsync(key, cancellationToken);
        if (Answer(record) is { } answer)
        {
            return answer;
        }

        var gate = _locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have refreshed while this one waited.
            record = await store.GetAsync(key, cancellationToken);
            return Answer(record) ?? await RefreshAsync(record!, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The answer without a refresh, or null when the token must be refreshed first.</summary>
    private McpAccessToken? Answer(McpOAuthRecord? record) => record switch
    {
        null => McpAccessToken.None,
        { NeedsSignIn: true } => new McpAccessToken(McpAccessTokenState.NeedsSignIn),
        { ExpiresAt: null } => new McpAccessToken(McpAccessTokenState.Valid, record.AccessToken),
        _ when record.ExpiresAt - time.GetUtcNow() > RefreshWindow => new McpAccessToken(McpAccessTokenState.Valid, record.AccessToken, record.ExpiresAt),
        _ => null,
    };

    private async Task<McpAccessToken> RefreshAsync(McpOAuthRecord record, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (record.RefreshToken is null)
        {
            if (record.ExpiresAt > now)
            {
                return new McpAccessToken(McpAccessTokenState.Valid, record.AccessToken, record.ExpiresAt);
            }

            await store.MarkNeedsSignInAsync(record.ServerUrl, CancellationToken.None);
            LogExpired(logger, record.ServerUrl);
            return new McpAccessToken(McpAccessTokenState.NeedsSignIn);
        }

        McpOAuthTokens tokens;
        try
        {
            tokens = await client.RefreshAsync(
                new Uri(record.TokenEndpoint),
                record.Resource,
                new McpOAuthClientRegistration(record.ClientId, record.ClientSecret),
                record.RefreshToken,
                cancellationToken);
        }
        catch (McpOAuthRefusedException e)
        {
            await store.MarkNeedsSignInAsync(record.ServerUrl, CancellationToken.None);
            LogRefreshRefused(logger, record.ServerUrl, e.Message);
            return new McpAccessToken(McpAccessTokenState.NeedsSignIn);
        }
        catch (Core.Errors.GroveException e) when (record.ExpiresAt > now && e is not McpOAuthRefusedException)
        {
            // Unreachable authorization server: the current token still works for a little while.
            LogRefreshFailed(logger, record.ServerUrl, e.Message);
            return new McpAccessToken(McpAccessTokenState.Valid, record.AccessToken, record.ExpiresAt);
        }

        var refreshed = record with
        {
            AccessToken = tokens.AccessToken,
            RefreshToken = tokens.RefreshToken ?? record.RefreshToken,
            ExpiresAt = tokens.ExpiresAt,
            Scopes = tokens.Scopes ?? record.Scopes,
        };
        await store.SaveAsync(refreshed, CancellationToken.None);
        LogRefreshed(logger, record.ServerUrl);
        return new McpAccessToken(McpAccessTokenState.Valid, refreshed.AccessToken, refreshed.ExpiresAt);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP token for {ServerUrl} refreshed")]
    private static partial void LogRefreshed(ILogger logger, string serverUrl);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP token refresh for {ServerUrl} refused; the server needs a new sign-in: {Error}")]
    private static partial void LogRefreshRefused(ILogger logger, string serverUrl, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP token refresh for {ServerUrl} failed; using the current token until it expires: {Error}")]
    private static partial void LogRefreshFailed(ILogger logger, string serverUrl, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP token for {ServerUrl} expired and has no refresh token; the server needs a new sign-in")]
    private static partial void LogExpired(ILogger logger, string serverUrl);
}
