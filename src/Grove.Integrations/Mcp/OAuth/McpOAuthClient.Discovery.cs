using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Grove.Core.Errors;
using Grove.Core.Mcp;

namespace Grove.Integrations.Mcp.OAuth;

/// <summary>Discovery: the 401 challenge, protected-resource metadata (RFC 9728), authorization-server metadata (RFC 8414).</summary>
internal sealed partial class McpOAuthClient
{
    private const string InitializeRequest =
        """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"Grove","version":"1.0"}}}""";

    public async Task<McpOAuthMetadata> DiscoverAsync(Uri serverUrl, CancellationToken cancellationToken)
    {
        var server = McpServerUrl.Normalize(serverUrl);
        var (status, resourceMetadataUrl, challengeScope) = await ChallengeAsync(server, cancellationToken);

        var resourceMetadata = await ResourceMetadataAsync(server, resourceMetadataUrl, cancellationToken);
        if (resourceMetadata is null && status != HttpStatusCode.Unauthorized)
        {
            throw new GroveException(ErrorKind.Unsupported, $"{server} does not ask for a sign-in (it answered {(int)status} without a token) and publishes no protected-resource metadata.");
        }

        var resource = resourceMetadata?["resource"] is JsonValue r && r.TryGetValue(out string? declared) && !string.IsNullOrWhiteSpace(declared)
            ? declared
            : server.AbsoluteUri;
        var issuerText = resourceMetadata?["authorization_servers"] is JsonArray servers && servers.Count > 0 && servers[0] is JsonValue first && first.TryGetValue(out string? s) ? s : null;
        Uri issuer;
        if (issuerText is not null)
        {
            issuer = Uri.TryCreate(issuerText, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"
                ? parsed
                : throw new GroveException(ErrorKind.Unsupported, $"{server} names an authorization server that is not a URL: '{issuerText}'.");
        }
        else
        {
            // No protected-resource metadata (servers written to the 2025-03-26 spec): the server's origin is the authorization server.
            issuer = new Uri(server.GetLeftPart(UriPartial.Authority));
        }

        var authorization = await AuthorizationServerMetadataAsync(server, issuer, cancellationToken);
        var scopes = challengeScope ?? Scopes(resourceMetadata?["scopes_supported"]);
        if (authorization["code_challenge_methods_supported"] is JsonArray methods &&
            !methods.Any(m => m is JsonValue v && v.TryGetValue(out string? method) && method == "S256"))
        {
            throw new GroveException(ErrorKind.Unsupported, $"{issuer} does not support PKCE S256, which MCP sign-in requires.");
        }

        return new McpOAuthMetadata(
            server,
            resource,
            issuer,
            Endpoint(authorization, "authorization_endpoint", issuer) ?? throw MissingEndpoint(issuer, "authorization_endpoint"),
            Endpoint(authorization, "token_endpoint", issuer) ?? throw MissingEndpoint(issuer, "token_endpoint"),
            Endpoint(authorization, "registration_endpoint", issuer),
            scopes);
    }

    /// <summary>Asks the server without a token; returns the <c>resource_metadata</c> and <c>scope</c> of a Bearer challenge.</summary>
    private async Task<(HttpStatusCode Status, Uri? ResourceMetadata, string? Scope)> ChallengeAsync(Uri server, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, server) { Content = new StringContent(InitializeRequest, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.Value.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GroveException(ErrorKind.Timeout, $"{server} did not answer within {RequestTimeout.TotalSeconds:0} s.");
        }
        catch (HttpRequestException e)
        {
            throw new GroveException(ErrorKind.Network, $"Could not reach {server}: {e.Message}", e);
        }

        using (response)
        {
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                return (response.StatusCode, null, null);
            }

            foreach (var challenge in response.Headers.WwwAuthenticate.Where(c => c.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)))
            {
                var parameters = McpOAuthChallenge.Parse(challenge.Parameter);
                Uri? metadata = parameters.TryGetValue("resource_metadata", out var url) && Uri.TryCreate(server, url, out var parsed) ? parsed : null;
                return (response.StatusCode, metadata, parameters.GetValueOrDefault("scope"));
            }

            return (response.StatusCode, null, null);
        }
    }

    private async Task<JsonObject?> ResourceMetadataAsync(Uri server, Uri? advertised, CancellationToken cancellationToken)
    {
        var origin = server.GetLeftPart(UriPartial.Authority);
        var path = server.AbsolutePath.TrimEnd('/');
        List<Uri> candidates = advertised is null ? [] : [advertised];
        if (path.Length > 0)
        {
            candidates.Add(new Uri(origin + "/.well-known/oauth-protected-resource" + path));
        }

        candidates.Add(new Uri(origin + "/.well-known/oauth-protected-resource"));
        foreach (var candidate in candidates.Distinct())
        {
            if (await GetMetadataAsync(candidate, cancellationToken) is { } found)
            {
                return found;
            }

            if (candidate == advertised)
            {
                throw new GroveException(ErrorKind.Unsupported, $"{server} points at protected-resource metadata that could not be read: {advertised}.");
            }
        }

        return null;
    }

    private async Task<JsonObject> AuthorizationServerMetadataAsync(Uri server, Uri issuer, CancellationToken cancellationToken)
    {
        var origin = issuer.GetLeftPart(UriPartial.Authority);
        var path = issuer.AbsolutePath.TrimEnd('/');
        Uri[] candidates = path.Length == 0
            ? [new(origin + "/.well-known/oauth-authorization-server"), new(origin + "/.well-known/openid-configuration")]
            : [new(origin + "/.well-known/oauth-authorization-server" + path), new(origin + "/.well-known/openid-configuration" + path), new(origin + path + "/.well-known/openid-configuration")];
        foreach (var candidate in candidates)
        {
            if (await GetMetadataAsync(candidate, cancellationToken) is { } found)
            {
                return found;
            }
        }

        throw new GroveException(ErrorKind.Unsupported, $"{server} asks for a sign-in, but its authorization server {issuer} publishes no OAuth metadata (tried {string.Join(", ", candidates.Select(c => c.AbsolutePath))}).");
    }

    /// <summary>A JSON object from a metadata URL, or null for any non-200 answer or a body that is not a JSON object.</summary>
    private async Task<JsonObject?> GetMetadataAsync(Uri url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var (status, json) = await SendForJsonAsync(request, "OAuth metadata", cancellationToken);
        return status == HttpStatusCode.OK ? json as JsonObject : null;
    }

    private static Uri? Endpoint(JsonObject metadata, string name, Uri issuer)
    {
        if (metadata[name] is not JsonValue value || !value.TryGetValue(out string? text) || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new GroveException(ErrorKind.Unsupported, $"{issuer} publishes a {name} that is not an http(s) URL: '{text}'.");
    }

    private static GroveException MissingEndpoint(Uri issuer, string name) =>
        new(ErrorKind.Unsupported, $"{issuer}'s OAuth metadata has no {name}.");

    private static string? Scopes(JsonNode? node) =>
        node is JsonArray array && array.Count > 0
            ? string.Join(' ', array.OfType<JsonValue>().Select(v => v.TryGetValue(out string? s) ? s : null).OfType<string>())
            : null;
}
