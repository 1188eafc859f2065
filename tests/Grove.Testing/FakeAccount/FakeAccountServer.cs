using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Grove.Testing.FakeAccount;

/// <summary>One request the fake account backend received, and the status it answered.</summary>
public sealed record FakeAccountRequest(string Method, string Path, string Query, string? Authorization, string Body, int Status);

/// <summary>
/// The seed's account backend on loopback (see <c>IAccountClient</c> for the wire shapes): the desktop sign-in page
/// <c>GET /auth/desktop</c> (redirects straight back to <c>redirect_uri</c> with a one-time code and the state, as a
/// signed-in browser would), <c>POST /api/auth/desktop/exchange</c> (checks the PKCE verifier and the redirect URI),
/// <c>POST /api/auth/desktop/refresh</c> (rotates both tokens; <see cref="RefuseRefresh"/> answers 401),
/// <c>GET|PATCH /api/user/profile</c> and <c>GET /api/desktop/user/plan</c> (Bearer: the current, unexpired access token,
/// else 401). Token lifetimes run on the <see cref="TimeProvider"/> it is given. Every request is recorded, and tests
/// wait on them (<see cref="WaitForAsync"/>) instead of sleeping.
/// </summary>
public sealed class FakeAccountServer : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<FakeAccountRequest> _requests = [];
    private readonly List<(Func<IReadOnlyList<FakeAccountRequest>, bool> Condition, TaskCompletionSource Done)> _waiters = [];
    private readonly Dictionary<string, (string Challenge, string RedirectUri)> _codes = new(StringComparer.Ordinal);
    private readonly List<string> _issued = [];
    private readonly TimeProvider _time;
    private string? _accessToken;
    private string? _refreshToken;
    private DateTimeOffset _accessExpiresAt;
    private LoopbackHost? _host;
    private int _counter;

    private FakeAccountServer(TimeProvider time) => _time = time;

    /// <summary><c>http://127.0.0.1:PORT/</c>: the value for <c>account.api_url</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>How long each access token lives (default 1 hour).</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>When set, refreshes answer 401 (the session was revoked).</summary>
    public bool RefuseRefresh { get; set; }

    public string UserId { get; set; } = "user-42";

    public string UserName { get; set; } = "Ada Lovelace";

    public string UserEmail { get; set; } = "ada@example.com";

    /// <summary>The plan answered by <c>/api/desktop/user/plan</c>.</summary>
    public string Plan { get; set; } = "pro";

    /// <summary>Every access and refresh token handed out, oldest first (for scans of disk and logs).</summary>
    public IReadOnlyList<string> IssuedTokens
    {
        get
        {
            lock (_lock)
            {
                return [.. _issued];
            }
        }
    }

    public string? CurrentAccessToken
    {
        get
        {
            lock (_lock)
            {
                return _accessToken;
            }
        }
    }

    public IReadOnlyList<FakeAccountRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public int Count(string path)
    {
        lock (_lock)
        {
            return _requests.Count(r => r.Path == path);
        }
    }

    public static async Task<FakeAccountServer> StartAsync(TimeProvider? time = null)
    {
        var server = new FakeAccountServer(time ?? TimeProvider.System);
        server._host = await LoopbackHost.StartAsync(server.HandleAsync);
        server.BaseUrl = server._host.BaseUrl;
        return server;
    }

    /// <summary>Completes when the requests so far satisfy <paramref name="condition"/> (checked now and after each request).</summary>
    public Task WaitForAsync(Func<IReadOnlyList<FakeAccountRequest>, bool> condition, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (condition(_requests))
            {
                return Task.CompletedTask;
            }

            _waiters.Add((condition, done));
        }

        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// What the browser does with Grove's sign-in URL: GETs the page and returns the <c>Location</c> it is sent to
    /// (Grove's callback with <c>code</c> and <c>state</c>), without following it.
    /// </summary>
    public static async Task<Uri> FollowSignInPageAsync(Uri signInUrl, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await http.GetAsync(signInUrl, cancellationToken);
        return response.Headers.Location ?? throw new InvalidOperationException($"The sign-in page answered {(int)response.StatusCode} without a redirect.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var path = request.Path.Value ?? string.Empty;
        var authorization = request.Headers.Authorization.ToString();
        (int Status, JsonObject? Json, string? Location) answer;
        List<TaskCompletionSource> ready = [];
        lock (_lock)
        {
            answer = Route(request.Method, path, request.Query, authorization, body);
            _requests.Add(new FakeAccountRequest(request.Method, path, request.QueryString.Value ?? string.Empty, authorization.Length == 0 ? null : authorization, body, answer.Status));
            foreach (var waiter in _waiters.ToList())
            {
                if (waiter.Condition(_requests))
                {
                    _waiters.Remove(waiter);
                    ready.Add(waiter.Done);
                }
            }
        }

        context.Response.StatusCode = answer.Status;
        if (answer.Location is { } location)
        {
            context.Response.Headers.Location = location;
        }

        if (answer.Json is { } json)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(json.ToJsonString(), context.RequestAborted);
        }

        foreach (var done in ready)
        {
            done.TrySetResult();
        }
    }

    private (int Status, JsonObject? Json, string? Location) Route(string method, string path, IQueryCollection query, string authorization, string body)
    {
        switch (method, path)
        {
            case ("GET", "/auth/desktop"):
                {
                    var redirect = query["redirect_uri"].ToString();
                    var challenge = query["code_challenge"].ToString();
                    if (redirect.Length == 0 || challenge.Length == 0 || query["code_challenge_method"] != "S256")
                    {
                        return (400, Error("redirect_uri, code_challenge and code_challenge_method=S256 are required"), null);
                    }

                    var code = "code-" + Random();
                    _codes[code] = (challenge, redirect);
                    var location = $"{redirect}{(redirect.Contains('?', StringComparison.Ordinal) ? '&' : '?')}code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(query["state"].ToString())}";
                    return (302, null, location);
                }

            case ("POST", "/api/auth/desktop/exchange"):
                {
                    var json = Parse(body);
                    var code = Text(json, "code");
                    if (code is null || !_codes.Remove(code, out var issued))
                    {
                        return (400, Error("invalid or used code"), null);
                    }

                    var verifier = Text(json, "codeVerifier") ?? string.Empty;
                    if (Challenge(verifier) != issued.Challenge)
                    {
                        return (400, Error("PKCE verifier does not match"), null);
                    }

                    return Text(json, "redirectUri") != issued.RedirectUri ? (400, Error("redirect_uri does not match"), null) : (200, Issue(withUser: true), null);
                }

            case ("POST", "/api/auth/desktop/refresh"):
                {
                    var token = Text(Parse(body), "refreshToken");
                    if (RefuseRefresh || token is null || token != _refreshToken)
                    {
                        return (401, Error("refresh token revoked"), null);
                    }

                    return (200, Issue(withUser: false), null);
                }

            case ("GET", "/api/user/profile"):
                return Authorized(authorization) ? (200, User(), null) : (401, Error("unauthorized"), null);

            case ("PATCH", "/api/user/profile"):
                if (!Authorized(authorization))
                {
                    return (401, Error("unauthorized"), null);
                }

                UserName = Text(Parse(body), "name") ?? UserName;
                return (200, User(), null);

            case ("GET", "/api/desktop/user/plan"):
                return Authorized(authorization) ? (200, new JsonObject { ["plan"] = Plan, ["status"] = "active" }, null) : (401, Error("unauthorized"), null);

            default:
                return (404, Error("not found"), null);
        }
    }

    private JsonObject Issue(bool withUser)
    {
        var n = ++_counter;
        _accessToken = $"acc-{n}-{Random()}";
        _refreshToken = $"ref-{n}-{Random()}";
        _accessExpiresAt = _time.GetUtcNow() + AccessTokenLifetime;
        _issued.Add(_accessToken);
        _issued.Add(_refreshToken);
        var json = new JsonObject
        {
            ["token"] = _accessToken,
            ["refreshToken"] = _refreshToken,
            ["expiresAt"] = _accessExpiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (withUser)
        {
            json["user"] = User();
        }

        return json;
    }

    private bool Authorized(string authorization) =>
        _accessToken is not null && authorization == "Bearer " + _accessToken && _time.GetUtcNow() < _accessExpiresAt;

    private JsonObject User() => new() { ["id"] = UserId, ["email"] = UserEmail, ["name"] = UserName, ["imageUrl"] = null };

    private static JsonObject Error(string message) => new() { ["error"] = message };

    private static JsonNode? Parse(string body)
    {
        try
        {
            return body.Length == 0 ? null : JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonNode? json, string name) =>
        json is JsonObject obj && obj[name] is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    private static string Challenge(string verifier) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Random() => Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
}
