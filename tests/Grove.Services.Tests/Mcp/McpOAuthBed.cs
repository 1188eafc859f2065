using System.Net;
using Grove.Core.Mcp;
using Grove.Integrations.Mcp;
using Grove.Services.Mcp;
using Grove.Services.Settings;
using Grove.Testing;
using Grove.Testing.FakeOAuth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelContextProtocol.Client;

namespace Grove.Services.Tests.Mcp;

/// <summary>Grove's real services on a fake clock, the fake OAuth-protected MCP server on the same clock, and a free callback port.</summary>
internal sealed class McpOAuthBed : IAsyncDisposable
{
    private McpOAuthBed(TestApp app, FakeMcpOAuthServer server, FakeTimeProvider time, int port)
    {
        App = app;
        Server = server;
        Time = time;
        CallbackPort = port;
    }

    public TestApp App { get; }

    public FakeMcpOAuthServer Server { get; }

    public FakeTimeProvider Time { get; }

    public int CallbackPort { get; }

    public IMcpSignIn SignIn => App.App.Get<IMcpSignIn>();

    public IMcpAccessTokens Tokens => App.App.Get<IMcpAccessTokens>();

    public string ServerUrl => Server.McpUrl.AbsoluteUri;

    public static async Task<McpOAuthBed> StartAsync(Action<IServiceCollection>? configureServices = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        var app = await TestApp.StartAsync(services =>
        {
            services.AddSingleton<TimeProvider>(time);
            configureServices?.Invoke(services);
        });
        var server = await FakeMcpOAuthServer.StartAsync(time, TestContext.Current.CancellationToken);
        var port = LoopbackPorts.Free();
        await app.App.Get<ISettingsService>().SetAsync(SettingKeys.McpOAuthCallbackPort, port.ToString(System.Globalization.CultureInfo.InvariantCulture), TestContext.Current.CancellationToken);
        return new McpOAuthBed(app, server, time, port);
    }


    /// <summary>Starts a sign-in and follows the authorize redirect to Grove's callback as a browser would.</summary>
    public async Task<(McpSignInStatus Status, HttpStatusCode Page, string Body)> SignInAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var started = await SignIn.StartAsync(ServerUrl, cancellationToken: ct);
        using var browser = new HttpClient();
        using var response = await browser.GetAsync(started.AuthorizeUrl, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        var status = await started.Completion.WaitAsync(TestTimeouts.Default, ct);
        return (status, response.StatusCode, body);
    }

    /// <summary>Lists the tools of the fake MCP server with the official MCP client and this bearer token.</summary>
    public async Task<IReadOnlyList<string>> ListToolsAsync(string? accessToken)
    {
        var ct = TestContext.Current.CancellationToken;
        var headers = new Dictionary<string, string>();
        if (accessToken is not null)
        {
            headers["Authorization"] = "Bearer " + accessToken;
        }

        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = Server.McpUrl,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = headers,
        });
        await using var client = await McpClient.CreateAsync(transport, cancellationToken: ct);
        var tools = await client.ListToolsAsync(cancellationToken: ct);
        return [.. tools.Select(t => t.Name)];
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Server.DisposeAsync();
    }
}
