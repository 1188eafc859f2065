using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grove.Core.Errors;
using Grove.Core.Net;

namespace Grove.Integrations.Mcp.OAuth;

/// <summary>
/// <see cref="IMcpOAuthClient"/> over one <see cref="HttpClient"/>: discovery in
/// <c>McpOAuthClient.Discovery.cs</c>, registration and the token endpoint here.
/// </summary>
internal sealed partial class McpOAuthClient(TimeProvider time) : IMcpOAuthClient, IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly FirstUseHttpClient _http = new(() => new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestHeaders = { UserAgent = { new ProductInfoHeaderValue("Grove", "1.0") } },
        });

    public async Task<McpOAuthClientRegistration> RegisterAsync(McpOAuthMetadata metadata, Uri redirectUri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var endpoint = metadata.RegistrationEndpoint
            ?? throw new GroveException(ErrorKind.Unsupported, $"{metadata.Issuer} does not offer dynamic client registration; give a client id for {metadata.ServerUrl}.");
        var body = new JsonObject
        {
            ["client_name"] = "Grove",
            ["redirect_uris"] = new JsonArray(redirectUri.AbsoluteUri),
            ["grant_types"] = new JsonArray("authorization_code", "refresh_token"),
            ["response_types"] = new JsonArray("code"),
            ["token_endpoint_auth_method"] = "none",
        };
        if (metadata.Scopes is { } scopes)
        {
            body["scope"] = scopes;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        var (status, json) = await SendForJsonAsync(request, "client registration", cancellationToken);
        if (status is not (HttpStatusCode.OK or HttpStatusCode.Created))
        {
            throw new McpOAuthRefusedException($"{endpoint.Authority} refused client registration ({(int)status}{Describe(json)}).");
        }

        var clientId = json?["client_id"]?.GetValue<string>();
        return string.IsNullOrWhiteSpace(clientId)
            ? throw new McpOAuthRefusedException($"{endpoint.Authority} answered client registration without a client_id.")
            : new McpOAuthClientRegistration(clientId, json?["client_secret"]?.GetValue<string>());
    }

    public McpOAuthAuthorization CreateAuthorization(McpOAuthMetadata metadata, McpOAuthClientRegistration client, Uri redirectUri)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(client);
        var verifier = McpOAuthPkce.NewVerifier();
        var state = McpOAuthPkce.NewState();
        var query = new List<KeyValuePair<string, string>>
        {
            new("response_type", "code"),
            new("client_id", client.ClientId),
            new("redirect_uri", redirectUri.AbsoluteUri),
            new("code_challenge", McpOAuthPkce.Challenge(verifier)),
            new("code_challenge_method", "S256"),
            new("state", state),
            new("resource", metadata.Resource),
        };
        if (metadata.Scopes is { } scopes)
        {
            query.Add(new("scope", scopes));
        }

        var builder = new UriBuilder(metadata.AuthorizationEndpoint);
        var existing = builder.Query.TrimStart('?');
        var added = string.Join('&', query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        builder.Query = existing.Length == 0 ? added : existing + "&" + added;
        return new McpOAuthAuthorization(builder.Uri, state, verifier);
    }

    public Task<McpOAuthTokens> ExchangeCodeAsync(Uri tokenEndpoint, string resource, McpOAuthClientRegistration client, string code, Uri redirectUri, string codeVerifier, CancellationToken cancellationToken) =>
        TokenAsync(
            tokenEndpoint,
            client,
            [new("grant_type", "authorization_code"), new("code", code), new("redirect_uri", redirectUri.AbsoluteUri), new("code_verifier", codeVerifier), new("resource", resource)],
            "the sign-in code",
            cancellationToken);

    public Task<McpOAuthTokens> RefreshAsync(Uri tokenEndpoint, string resource, McpOAuthClientRegistration client, string refreshToken, CancellationToken cancellationToken) =>
        TokenAsync(
            tokenEndpoint,
            client,
            [new("grant_type", "refresh_token"), new("refresh_token", refreshToken), new("resource", resource)],
            "the refresh token",
            cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<McpOAuthTokens> TokenAsync(Uri tokenEndpoint, McpOAuthClientRegistration client, List<KeyValuePair<string, string>> form, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenEndpoint);
        if (client.ClientSecret is { } secret)
        {
            // client_secret_basic, which every authorization server must support (RFC 6749 2.3.1).
            var pair = Uri.EscapeDataString(client.ClientId) + ":" + Uri.EscapeDataString(secret);
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        }
        else
        {
            form.Add(new("client_id", client.ClientId));
        }

        request.Content = new FormUrlEncodedContent(form);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var (status, json) = await SendForJsonAsync(request, "the token endpoint", cancellationToken);
        if (status != HttpStatusCode.OK)
        {
            throw new McpOAuthRefusedException($"{tokenEndpoint.Authority} refused {what} ({(int)status}{Describe(json)}).");
        }

        var accessToken = json?["access_token"]?.GetValue<string>();
        if (string.IsNullOrEmpty(accessToken))
        {
            throw new McpOAuthRefusedException($"{tokenEndpoint.Authority} answered without an access_token.");
        }

        DateTimeOffset? expiresAt = json?["expires_in"] is JsonValue expiresIn && TryNumber(expiresIn, out var seconds) && seconds > 0
            ? time.GetUtcNow().AddSeconds(seconds)
            : null;
        return new McpOAuthTokens(accessToken, json?["refresh_token"]?.GetValue<string>(), expiresAt, json?["scope"]?.GetValue<string>());
    }

    private static bool TryNumber(JsonValue value, out double number)
    {
        if (value.TryGetValue(out number))
        {
            return true;
        }

        return value.TryGetValue(out string? text) && double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out number);
    }

    /// <summary>Sends a request and reads a JSON body (null when there is none or it is not JSON); network failures become one line.</summary>
    private async Task<(HttpStatusCode Status, JsonNode? Json)> SendForJsonAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            using var response = await _http.Value.SendAsync(request, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            return (response.StatusCode, ParseJson(text));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GroveException(ErrorKind.Timeout, $"{request.RequestUri?.Authority} did not answer {what} within {RequestTimeout.TotalSeconds:0} s.");
        }
        catch (HttpRequestException e)
        {
            throw new GroveException(ErrorKind.Network, $"Could not reach {request.RequestUri?.Authority} for {what}: {e.Message}", e);
        }
    }

    private static JsonNode? ParseJson(string text)
    {
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>", invalid_grant: the code expired" from an OAuth error body, or nothing.</summary>
    private static string Describe(JsonNode? json)
    {
        if (json is not JsonObject obj || obj["error"] is not JsonValue error || !error.TryGetValue(out string? code))
        {
            return string.Empty;
        }

        var description = obj["error_description"] is JsonValue d && d.TryGetValue(out string? text) ? ": " + OneLine(text) : string.Empty;
        return ", " + OneLine(code) + description;
    }

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
