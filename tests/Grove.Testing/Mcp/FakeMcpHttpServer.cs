using System.ComponentModel;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelContextProtocol.Server;

namespace Grove.Testing.Mcp;

/// <summary>
/// A real MCP server (ModelContextProtocol.AspNetCore) over Streamable HTTP at <c>/mcp</c> and the
/// legacy SSE transport at <c>/mcp/sse</c>, on 127.0.0.1 and a free port. One tool, <c>shout</c>.
/// With <see cref="RequiredToken"/> set, a request without <c>Authorization: Bearer &lt;token&gt;</c>
/// gets 401 with a <c>WWW-Authenticate</c> header. Every request's Authorization header is recorded.
/// </summary>
public sealed class FakeMcpHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<string?> _authorizations = [];

    private FakeMcpHttpServer(WebApplication app) => _app = app;

    /// <summary>The Streamable HTTP endpoint, <c>http://127.0.0.1:&lt;port&gt;/mcp</c>; legacy SSE is <see cref="SseUrl"/>.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>The legacy SSE endpoint, <c>…/mcp/sse</c>.</summary>
    public Uri SseUrl => new(Url + "/sse");

    public string? RequiredToken { get; set; }

    public IReadOnlyList<string?> Authorizations
    {
        get
        {
            lock (_authorizations)
            {
                return [.. _authorizations];
            }
        }
    }

    public static async Task<FakeMcpHttpServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            options.AddServerHeader = false;
        });
        builder.Services.AddRoutingCore();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddMcpServer(options => options.ServerInfo = new() { Name = "fake-http", Version = "9.9.9" })
            .WithHttpTransport(options =>
            {
#pragma warning disable MCP9004 // Legacy SSE is what this fake exists to serve (Grove's probe of sse servers); loopback only.
                options.SessionMode = ModelContextProtocol.AspNetCore.HttpServerSessionMode.Stateful;
                options.EnableLegacySse = true;
#pragma warning restore MCP9004
            })
            .WithTools<ShoutTool>();
        var app = builder.Build();
        var server = new FakeMcpHttpServer(app);
        app.Use(async (context, next) =>
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            lock (server._authorizations)
            {
                server._authorizations.Add(authorization.Length == 0 ? null : authorization);
            }

            if (server.RequiredToken is { } token && authorization != $"Bearer {token}")
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer resource_metadata=\"/.well-known/oauth-protected-resource\"";
                return;
            }

            await next(context);
        });
        app.UseRouting();
        app.MapMcp("/mcp");
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.Url = new Uri($"http://127.0.0.1:{new Uri(address).Port}/mcp");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    [McpServerToolType]
    public sealed class ShoutTool
    {
        [McpServerTool(Name = "shout"), Description("Returns the text in capitals.")]
        public static string Shout(string text) => text.ToUpperInvariant();
    }
}
