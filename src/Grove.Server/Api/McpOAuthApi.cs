using Grove.Core.Errors;
using Grove.Core.Mcp;
using Grove.Services.Mcp;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grove.Server.Api;

/// <summary>
/// A server to sign in to: its URL (or the name of a server in <c>~/.claude.json</c>), and a client id
/// (and secret) when its authorization server does not register clients itself.
/// </summary>
public sealed record McpLoginBody(string? Url, string? ClientId = null, string? ClientSecret = null);

/// <summary>The page to open; the sign-in completes when the browser comes back to <c>RedirectUri</c>.</summary>
public sealed record McpLoginResponse(string ServerUrl, Uri AuthorizeUrl, Uri RedirectUri);

public sealed record McpLogoutBody(string? Url);

/// <summary><c>/api/mcp/oauth</c>: OAuth sign-in to HTTP MCP servers over <see cref="IMcpSignIn"/> (login, status, logout).</summary>
internal static class McpOAuthApi
{
    public static void MapMcpOAuthApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/mcp/oauth").WithTags("MCP");

        group.MapPost("/login", async Task<Ok<McpLoginResponse>> (McpLoginBody body, IMcpServerUrls urls, IMcpSignIn signIn, CancellationToken ct) =>
        {
            var url = await urls.ResolveAsync(Require(body.Url), null, ct);
            var client = string.IsNullOrWhiteSpace(body.ClientId) ? null : new McpClientCredentials(body.ClientId, body.ClientSecret);
            var started = await signIn.StartAsync(url.AbsoluteUri, client, ct);
            return TypedResults.Ok(new McpLoginResponse(started.ServerUrl, started.AuthorizeUrl, started.RedirectUri));
        });

        group.MapGet("/status", async Task<Ok<McpSignInStatus>> (string? url, IMcpServerUrls urls, IMcpSignIn signIn, CancellationToken ct) =>
            TypedResults.Ok(await signIn.GetStatusAsync((await urls.ResolveAsync(Require(url), null, ct)).AbsoluteUri, ct)));

        group.MapPost("/logout", async Task<Ok<McpSignInStatus>> (McpLogoutBody body, IMcpServerUrls urls, IMcpSignIn signIn, CancellationToken ct) =>
        {
            var url = (await urls.ResolveAsync(Require(body.Url), null, ct)).AbsoluteUri;
            await signIn.SignOutAsync(url, ct);
            return TypedResults.Ok(await signIn.GetStatusAsync(url, ct));
        });
    }

    private static string Require(string? url) =>
        string.IsNullOrWhiteSpace(url) ? throw new GroveException(ErrorKind.InvalidInput, "'url' is required.") : url;
}
