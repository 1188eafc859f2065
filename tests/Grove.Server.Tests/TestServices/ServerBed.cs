using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Grove.Core.Paths;
using Grove.Server.Hosting;
using Grove.Services.Agents;
using Grove.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grove.Server.Tests.TestServices;

/// <summary>
/// The real server on a free loopback port with a temp data folder; optionally the real Claude
/// CLI against the fake Anthropic API for agent flows. <see cref="Client"/> sends the Bearer token.
/// </summary>
internal sealed class ServerBed : IAsyncDisposable
{
    private readonly TempDirectory _home;

    private ServerBed(TempDirectory home, GroveServer server, CapturingLoggerProvider logs, FakeAnthropicServer? api, ClaudeCliHarness? harness)
    {
        _home = home;
        Server = server;
        Logs = logs;
        Api = api;
        Harness = harness;
        Client = NewClient();
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Token.Value);
        Anonymous = NewClient();
    }

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    public static CancellationToken Ct => TestTimeouts.Token(TestContext.Current.CancellationToken);

    public GroveServer Server { get; }

    public CapturingLoggerProvider Logs { get; }

    public FakeAnthropicServer? Api { get; }

    public ClaudeCliHarness? Harness { get; }

    public string Home => _home.Path;

    public GrovePaths Paths => Server.Paths;

    public int Port => Server.Port;

    public Uri BaseAddress => Server.Endpoint.BaseAddress;

    /// <summary>Authenticated with <c>Authorization: Bearer</c>.</summary>
    public HttpClient Client { get; }

    /// <summary>No credentials at all.</summary>
    public HttpClient Anonymous { get; }

    /// <param name="settings">Settings stored before the server starts (e.g. analytics, which must see the start).</param>
    public static async Task<ServerBed> StartAsync(bool withAgent = false, Action<ServerOptions>? configure = null, Action<IServiceCollection>? configureServices = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var home = new TempDirectory("grove-server-home");
        if (settings is not null)
        {
            await using var before = await Grove.Services.Hosting.GroveApp.StartAsync(new GrovePaths(home.Path), cancellationToken: Ct);
            await before.Services.GetRequiredService<Grove.Services.Settings.ISettingsService>().SaveAsync(settings, Ct);
        }

        FakeAnthropicServer? api = null;
        ClaudeCliHarness? harness = null;
        if (withAgent)
        {
            api = await FakeAnthropicServer.StartAsync(Ct);
            harness = new ClaudeCliHarness(api);
        }

        var logs = new CapturingLoggerProvider();
        var serverOptions = new ServerOptions { Port = 0 };
        configure?.Invoke(serverOptions);
        var server = await GroveServer.BuildAsync(new GrovePaths(home.Path), serverOptions, services =>
        {
            services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Information).AddProvider(logs));
            // Claude's MCP files live in the temp home, never the real ~/.claude.json.
            services.AddSingleton(new Grove.Integrations.Mcp.McpFileOptions { ConfigDirectory = Path.Combine(home.Path, "claude-config") });
            if (harness is not null)
            {
                services.AddSingleton(AgentOptions(harness));
            }

            configureServices?.Invoke(services);
        }, Ct);
        await server.StartAsync(Ct);
        return new ServerBed(home, server, logs, api, harness);
    }

    /// <summary>Runs the real Claude CLI against the fake API (for the server, or for a <c>grove</c> that runs agents itself).</summary>
    public static AgentRunOptions AgentOptions(ClaudeCliHarness harness)
    {
        var options = new AgentRunOptions { ExecutablePath = harness.BinaryPath, PartialCheckpointInterval = TimeSpan.FromMilliseconds(50) };
        foreach (var (key, value) in harness.Environment)
        {
            options.ExtraEnvironment[key] = value;
        }

        return options;
    }

    /// <summary>Writes <c>server.json</c> as <c>grove serve</c> does, so <c>grove</c> commands on <see cref="Home"/> find this server.</summary>
    public void AnnounceToCli() => ServerInfoFile.Write(Paths, new ServerInfo(Port, Environment.ProcessId, DateTimeOffset.UtcNow));

    /// <summary>Removes <c>server.json</c>: <c>grove</c> commands on <see cref="Home"/> run without this server.</summary>
    public void HideFromCli() => File.Delete(ServerInfoFile.PathIn(Paths));

    /// <summary>A <c>grove</c> on <see cref="Home"/> that runs agents itself (when no server is announced) with the real CLI and the fake API.</summary>
    public InProcessCli LocalCli(string? input = null) =>
        new(Home) { Input = input, ConfigureServices = services => services.AddSingleton(AgentOptions(Harness!)) };

    public HttpClient NewClient(HttpMessageHandler? handler = null) =>
        new(handler ?? new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = BaseAddress, Timeout = TestTimeouts.Default };

    public async Task<T> GetJsonAsync<T>(string path)
    {
        using var response = await Client.GetAsync(path, Ct);
        await EnsureAsync(response);
        return (await response.Content.ReadFromJsonAsync<T>(Json, Ct))!;
    }

    public async Task<JsonElement> PostJsonAsync(string path, object? body)
    {
        using var response = await Client.PostAsJsonAsync(path, body, Json, Ct);
        await EnsureAsync(response);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Adds the repository as a project, makes a workspace (no fetch) and returns its id.</summary>
    public async Task<string> CreateWorkspaceAsync(TestRepository repo, string name = "ws")
    {
        var project = await PostJsonAsync("api/projects", new { path = repo.Path });
        var created = await PostJsonAsync("api/workspaces", new { project = project.GetProperty("id").GetString(), name, noFetch = true });
        return created.GetProperty("result").GetProperty("workspace").GetProperty("id").GetString()!;
    }

    public async Task<(string WorkspaceId, string WorktreePath, string TabId)> CreateTabAsync(TestRepository repo)
    {
        var workspaceId = await CreateWorkspaceAsync(repo, "agent");
        var workspace = await GetJsonAsync<JsonElement>($"api/workspaces/{workspaceId}");
        var tab = await PostJsonAsync($"api/workspaces/{workspaceId}/tabs", new { name = "main" });
        return (workspaceId, workspace.GetProperty("worktreePath").GetString()!, tab.GetProperty("id").GetString()!);
    }

    public static async Task EnsureAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Anonymous.Dispose();
        await Server.StopAsync(CancellationToken.None);
        await Server.DisposeAsync();
        Harness?.Dispose();
        if (Api is not null)
        {
            await Api.DisposeAsync();
        }

        _home.Dispose();
    }
}
