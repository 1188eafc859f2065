using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Grove.Core.Errors;
using Grove.Core.Net;

namespace Grove.Integrations.Account;

/// <summary><see cref="IAccountClient"/> over one <see cref="HttpClient"/>; wire shapes on the interface.</summary>
internal sealed class AccountClient(TimeProvider time) : IAccountClient, IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly FirstUseHttpClient _http = new(() => new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestHeaders = { UserAgent = { new ProductInfoHeaderValue("Grove", "1.0") } },
        });

    public Uri SignInPage(Uri apiUrl, string state, string codeChallenge, Uri redirectUri)
    {
        ArgumentNullException.ThrowIfNull(apiUrl);
        ArgumentNullException.ThrowIfNull(redirectUri);
        var query = string.Join('&', new[]
        {
            ("state", state),
            ("code_challenge", codeChallenge),
            ("code_challenge_method", "S256"),
            ("redirect_uri", redirectUri.AbsoluteUri),
        }.Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2)}"));
        return new Uri(Endpoint(apiUrl, "auth/desktop") + "?" + query);
    }

    public Task<AccountTokenGrant> ExchangeAsync(Uri apiUrl, string code, string codeVerifier, Uri redirectUri, CancellationToken cancellationToken = default) =>
        GrantAsync(apiUrl, "api/auth/desktop/exchange", new JsonObject { ["code"] = code, ["codeVerifier"] = codeVerifier, ["redirectUri"] = redirectUri.AbsoluteUri }, "the sign-in code", cancellationToken);

    public Task<AccountTokenGrant> RefreshAsync(Uri apiUrl, string refreshToken, CancellationToken cancellationToken = default) =>
        GrantAsync(apiUrl, "api/auth/desktop/refresh", new JsonObject { ["refreshToken"] = refreshToken }, "the session renewal", cancellationToken);

    public async Task<AccountUser> GetProfileAsync(Uri apiUrl, string accessToken, CancellationToken cancellationToken = default)
    {
        using var request = Authorized(HttpMethod.Get, apiUrl, "api/user/profile", accessToken);
        var json = await SendAsync(request, "the profile", cancellationToken);
        return ReadUser(json, apiUrl) ?? throw Malformed(apiUrl, "the profile");
    }

    public async Task<AccountUser> UpdateProfileAsync(Uri apiUrl, string accessToken, string name, CancellationToken cancellationToken = default)
    {
        using var request = Authorized(HttpMethod.Patch, apiUrl, "api/user/profile", accessToken);
        request.Content = Json(new JsonObject { ["name"] = name });
        var json = await SendAsync(request, "the profile update", cancellationToken);
        return ReadUser(json, apiUrl) ?? throw Malformed(apiUrl, "the profile update");
    }

    public async Task<AccountPlanInfo> GetPlanAsync(Uri apiUrl, string accessToken, CancellationToken cancellationToken = default)
    {
        using var request = Authorized(HttpMethod.Get, apiUrl, "api/desktop/user/plan", accessToken);
        var json = await SendAsync(request, "the plan", cancellationToken);
        var plan = Text(json, "plan");
        return string.IsNullOrWhiteSpace(plan) ? throw Malformed(apiUrl, "the plan") : new AccountPlanInfo(plan.Trim(), Text(json, "status"));
    }

    public void Dispose() => _http.Dispose();

    private async Task<AccountTokenGrant> GrantAsync(Uri apiUrl, string path, JsonObject body, string what, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint(apiUrl, path)) { Content = Json(body) };
        var json = await SendAsync(request, what, cancellationToken, refusedOnBadRequest: true);
        var token = Text(json, "token") ?? Text(json, "accessToken");
        var refresh = Text(json, "refreshToken");
        if (string.IsNullOrEmpty(token) || string.IsNullOrEmpty(refresh))
        {
            throw Malformed(apiUrl, what);
        }

        DateTimeOffset expiresAt;
        if (Text(json, "expiresAt") is { } at && DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            expiresAt = parsed;
        }
        else if (json?["expiresIn"] is JsonValue seconds && seconds.TryGetValue(out double value) && value > 0)
        {
            expiresAt = time.GetUtcNow().AddSeconds(value);
        }
        else
        {
            throw Malformed(apiUrl, what);
        }

        return new AccountTokenGrant(token, refresh, expiresAt, ReadUser(json?["user"], apiUrl));
    }

    private async Task<JsonNode?> SendAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken, bool refusedOnBadRequest = false)
    {
        var host = request.RequestUri!.Authority;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        HttpStatusCode status;
        string text;
        try
        {
            using var response = await _http.Value.SendAsync(request, timeout.Token);
            status = response.StatusCode;
            text = await response.Content.ReadAsStringAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GroveException(ErrorKind.Timeout, $"{host} did not answer {what} within {RequestTimeout.TotalSeconds:0} s.");
        }
        catch (HttpRequestException e)
        {
            throw new GroveException(ErrorKind.Network, $"Cannot reach {host}: {OneLine(e.Message)}", e);
        }

        var json = Parse(text);
        if (status is HttpStatusCode.OK or HttpStatusCode.Created)
        {
            return json;
        }

        var detail = Describe(json);
        if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden || (refusedOnBadRequest && status == HttpStatusCode.BadRequest))
        {
            throw new AccountTokenRefusedException($"{host} refused {what} ({(int)status}{detail}); sign in again with `grove account login`.");
        }

        if (status == (HttpStatusCode)429)
        {
            throw new GroveException(ErrorKind.RateLimited, $"{host} is rate limiting {what} (429{detail}); try again in a minute.");
        }

        throw new GroveException(status == HttpStatusCode.NotFound ? ErrorKind.NotFound : ErrorKind.Unexpected, $"{host} answered {(int)status} for {what}{detail}.");
    }

    private static HttpRequestMessage Authorized(HttpMethod method, Uri apiUrl, string path, string accessToken)
    {
        var request = new HttpRequestMessage(method, Endpoint(apiUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return request;
    }

    /// <summary>The base URL's path is kept (a backend under <c>https://host/prefix/</c> works).</summary>
    private static Uri Endpoint(Uri apiUrl, string path) =>
        new(new Uri(apiUrl.AbsoluteUri.EndsWith('/') ? apiUrl.AbsoluteUri : apiUrl.AbsoluteUri + "/"), path);

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static AccountUser? ReadUser(JsonNode? json, Uri apiUrl)
    {
        if (json is not JsonObject)
        {
            return null;
        }

        var id = Text(json, "id") ?? (json["id"] is JsonValue number && number.TryGetValue(out long n) ? n.ToString(CultureInfo.InvariantCulture) : null);
        return id is null ? throw Malformed(apiUrl, "the user") : new AccountUser(id, Text(json, "email"), Text(json, "name"), Text(json, "imageUrl"));
    }

    private static string? Text(JsonNode? json, string name) =>
        json is JsonObject obj && obj[name] is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    private static GroveException Malformed(Uri apiUrl, string what) =>
        new(ErrorKind.Unexpected, $"{apiUrl.Authority} answered {what} in a shape Grove does not understand.");

    private static JsonNode? Parse(string text)
    {
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>": message" from <c>{ error }</c> / <c>{ message }</c>, or nothing.</summary>
    private static string Describe(JsonNode? json)
    {
        var message = Text(json, "message") ?? Text(json, "error");
        return string.IsNullOrWhiteSpace(message) ? string.Empty : ": " + OneLine(message);
    }

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
