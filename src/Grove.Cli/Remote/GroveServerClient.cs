using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Grove.Core.Errors;
using Grove.Core.Paths;
using Grove.Server.Hosting;
using Grove.Server.Security;

namespace Grove.Cli.Remote;

/// <summary>
/// Talks to a running <c>grove serve</c> of the same data folder: address from <c>server.json</c>
/// (only when its process is alive), Bearer token from <c>server-token</c>. Error responses
/// (ProblemDetails) become <see cref="GroveException"/>s of the same kind.
/// </summary>
internal sealed class GroveServerClient : IDisposable
{
    public const string NotRunningMessage = "no Grove server is running; start one with `grove serve`";

    private GroveServerClient(HttpClient http, ServerInfo info, string token)
    {
        Http = http;
        Info = info;
        LoginUrl = $"http://127.0.0.1:{info.Port}/login?token={token}";
    }

    public HttpClient Http { get; }

    public ServerInfo Info { get; }

    /// <summary>The browser sign-in link of this server (holds the install's token).</summary>
    public string LoginUrl { get; }

    public static JsonSerializerOptions JsonOptions => Json.Options;

    /// <summary>A client for the running server, or null when none runs for this data folder.</summary>
    public static GroveServerClient? TryConnect(GrovePaths paths)
    {
        if (FindRunning(paths) is not { } info)
        {
            return null;
        }

        var token = File.ReadAllText(ServerToken.PathIn(paths)).Trim();
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{info.Port}/"), Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new GroveServerClient(http, info, token);
    }

    /// <summary>
    /// The running server of this data folder (its <c>server.json</c> names a live process and the token
    /// file is there), or null; makes no HTTP client, so <c>grove serve</c>'s check for another server
    /// does not load System.Net.Http into the server (issue 12).
    /// </summary>
    public static ServerInfo? FindRunning(GrovePaths paths) =>
        ServerInfoFile.Read(paths) is { } info && IsAlive(info.Pid) && File.Exists(ServerToken.PathIn(paths)) ? info : null;

    public async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(path, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<T>(JsonOptions, cancellationToken))!;
    }

    public async Task PostAsync(string path, object body, CancellationToken cancellationToken)
    {
        using var response = await Http.PostAsJsonAsync(path, body, JsonOptions, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    public async Task<T> PostAsync<T>(string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await Http.PostAsJsonAsync(path, body, JsonOptions, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<T>(JsonOptions, cancellationToken))!;
    }

    public async Task<T> PatchAsync<T>(string path, object body, CancellationToken cancellationToken)
    {
        using var response = await Http.PatchAsJsonAsync(path, body, JsonOptions, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<T>(JsonOptions, cancellationToken))!;
    }

    /// <summary>Opens an event stream (headers read; the body is read as it arrives).</summary>
    public async Task<HttpResponseMessage> OpenStreamAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        try
        {
            await EnsureSuccessAsync(response, cancellationToken);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public static string Escape(string segment) => Uri.EscapeDataString(segment);

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var kind = ErrorKind.Unexpected;
        var message = $"the server answered {(int)response.StatusCode} {response.ReasonPhrase}";
        try
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var root = problem.RootElement;
            if (root.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
            {
                message = detail.GetString()!;
            }
            else if (root.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String)
            {
                message = title.GetString()!;
            }

            if (root.TryGetProperty("errorKind", out var code) && Enum.TryParse<ErrorKind>(code.GetString(), ignoreCase: true, out var parsed))
            {
                kind = parsed;
            }
        }
        catch (JsonException)
        {
            // Not a ProblemDetails body: keep the status line.
        }

        throw new GroveException(kind, message);
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public void Dispose() => Http.Dispose();
}
