using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Grove.Testing.FakeOAuth;

/// <summary>The authorization server's endpoints and the bearer check in front of <c>/mcp</c>.</summary>
public sealed partial class FakeMcpOAuthServer
{
    private async Task HandleAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? "/";
        _requests.Enqueue($"{context.Request.Method} {path}");
        switch (path)
        {
            case "/.well-known/oauth-protected-resource/mcp" or "/.well-known/oauth-protected-resource":
                await WriteJsonAsync(context, 200, new JsonObject
                {
                    ["resource"] = McpUrl.AbsoluteUri,
                    ["authorization_servers"] = new JsonArray(BaseUrl.AbsoluteUri),
                    ["scopes_supported"] = new JsonArray(Scope),
                    ["bearer_methods_supported"] = new JsonArray("header"),
                });
                return;
            case "/.well-known/oauth-authorization-server" when !OpenIdConfigurationOnly:
            case "/.well-known/openid-configuration":
                await WriteJsonAsync(context, 200, new JsonObject
                {
                    ["issuer"] = BaseUrl.AbsoluteUri,
                    ["authorization_endpoint"] = new Uri(BaseUrl, "authorize").AbsoluteUri,
                    ["token_endpoint"] = new Uri(BaseUrl, "token").AbsoluteUri,
                    ["registration_endpoint"] = new Uri(BaseUrl, "register").AbsoluteUri,
                    ["response_types_supported"] = new JsonArray("code"),
                    ["grant_types_supported"] = new JsonArray("authorization_code", "refresh_token"),
                    ["code_challenge_methods_supported"] = new JsonArray("S256"),
                    ["token_endpoint_auth_methods_supported"] = new JsonArray("none"),
                });
                return;
            case "/register" when HttpMethods.IsPost(context.Request.Method):
                await RegisterAsync(context);
                return;
            case "/authorize" when HttpMethods.IsGet(context.Request.Method):
                await AuthorizeAsync(context);
                return;
            case "/token" when HttpMethods.IsPost(context.Request.Method):
                await TokenAsync(context);
                return;
        }

        if (path.StartsWith("/mcp", StringComparison.Ordinal))
        {
            var header = context.Request.Headers.Authorization.ToString();
            var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : null;
            if (token is null || !_accessTokens.TryGetValue(token, out var expires) || expires <= _time.GetUtcNow())
            {
                context.Response.StatusCode = 401;
                context.Response.Headers.WWWAuthenticate =
                    $"Bearer error=\"invalid_token\", resource_metadata=\"{new Uri(BaseUrl, ".well-known/oauth-protected-resource/mcp").AbsoluteUri}\", scope=\"{Scope}\"";
                return;
            }
        }

        if (path.StartsWith("/mcp", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = 404;
    }

    private async Task RegisterAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        if (RefuseRegistration)
        {
            await WriteJsonAsync(context, 400, new JsonObject { ["error"] = "invalid_client_metadata", ["error_description"] = "registration is closed" });
            return;
        }

        var redirects = (body?["redirect_uris"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToList() ?? [];
        if (redirects.Count == 0)
        {
            await WriteJsonAsync(context, 400, new JsonObject { ["error"] = "invalid_redirect_uri" });
            return;
        }

        var client = new FakeOAuthClient(NewSecret("client"), redirects, body?["client_name"]?.GetValue<string>());
        _clients[client.ClientId] = client;
        await WriteJsonAsync(context, 201, new JsonObject
        {
            ["client_id"] = client.ClientId,
            ["redirect_uris"] = new JsonArray([.. redirects.Select(r => (JsonNode)r)]),
            ["token_endpoint_auth_method"] = "none",
        });
    }

    private async Task AuthorizeAsync(HttpContext context)
    {
        var query = context.Request.Query;
        string clientId = query["client_id"].ToString(), redirect = query["redirect_uri"].ToString();
        if (!_clients.TryGetValue(clientId, out var client) || !client.RedirectUris.Contains(redirect))
        {
            await WriteJsonAsync(context, 400, new JsonObject { ["error"] = "invalid_client" });
            return;
        }

        var error = query["response_type"] != "code" ? "unsupported_response_type"
            : query["code_challenge_method"] != "S256" || string.IsNullOrEmpty(query["code_challenge"]) ? "invalid_request"
            : query["resource"] != McpUrl.AbsoluteUri ? "invalid_target"
            : null;
        var location = new StringBuilder(redirect).Append(redirect.Contains('?') ? '&' : '?');
        if (error is not null)
        {
            location.Append("error=").Append(error);
        }
        else
        {
            var code = NewSecret("code");
            _codes[code] = new FakeAuthorizationCode(clientId, redirect, query["code_challenge"]!, query["resource"]!, query["scope"]);
            location.Append("code=").Append(Uri.EscapeDataString(code));
        }

        location.Append("&state=").Append(Uri.EscapeDataString(query["state"].ToString()));
        context.Response.StatusCode = 302;
        context.Response.Headers.Location = location.ToString();
    }

    private async Task TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var clientId = form["client_id"].ToString();
        if (!_clients.ContainsKey(clientId))
        {
            await WriteJsonAsync(context, 401, new JsonObject { ["error"] = "invalid_client" });
            return;
        }

        if (form["grant_type"] == "authorization_code")
        {
            if (!_codes.TryRemove(form["code"].ToString(), out var code) || code.ClientId != clientId || code.RedirectUri != form["redirect_uri"])
            {
                await WriteJsonAsync(context, 400, new JsonObject { ["error"] = "invalid_grant", ["error_description"] = "unknown code" });
                return;
            }

            var verifier = form["code_verifier"].ToString();
            var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            if (verifier.Length < 43 || challenge != code.Challenge)
            {
                await WriteJsonAsync(context, 400, new JsonObject { ["error"] = "invalid_grant", ["error_description"] = "PKCE verification failed" });
                return;
            }

            if (form["resource"] != code.Resource)
            {
                await WriteJsonAsync(context, 400, new JsonObject { ["error"] = "invalid_target" });
                return;
            }

            await IssueAsync(context, clientId, code.Scope);
            return;
        }

        if (form["grant_type"] == "refresh_token")
        {
            if (RefuseRefresh || !_refreshTokens.TryRemove(form["refresh_token"].ToString(), out var owner) || owner != clientId)
            {
                await WriteJsonAsync(context, 400, new JsonObject { ["error"] = "invalid_grant", ["error_description"] = "refresh token refused" });
                return;
            }

            Interlocked.Increment(ref _refreshCount);
            await IssueAsync(context, clientId, Scope);
            return;
        }

        await WriteJsonAsync(context, 400, new JsonObject { ["error"] = "unsupported_grant_type" });
    }

    private Task IssueAsync(HttpContext context, string clientId, string? scope)
    {
        var access = NewSecret("access");
        var refresh = NewSecret("refresh");
        _accessTokens[access] = _time.GetUtcNow() + TokenLifetime;
        _refreshTokens[refresh] = clientId;
        _issuedRefreshTokens.Enqueue(refresh);
        return WriteJsonAsync(context, 200, new JsonObject
        {
            ["access_token"] = access,
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)TokenLifetime.TotalSeconds,
            ["refresh_token"] = refresh,
            ["scope"] = scope ?? Scope,
        });
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
