using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace Grove.Testing.FakeOAuth;

/// <summary>
/// An OAuth-protected MCP server on 127.0.0.1 (real Kestrel, random port): the real
/// ModelContextProtocol.AspNetCore server over Streamable HTTP at <see cref="McpUrl"/> (one tool,
/// <c>echo</c>), which answers 401 with <c>WWW-Authenticate: Bearer resource_metadata=…</c> unless a
/// valid, unexpired bearer token is sent; and in front of it a fake authorization server:
/// protected-resource metadata (RFC 9728), authorization-server metadata (RFC 8414, or only OpenID
/// configuration with <see cref="OpenIdConfigurationOnly"/>), dynamic registration (RFC 7591),
/// <c>/authorize</c> that redirects straight back with a code (no login page), and <c>/token</c> that
/// checks the PKCE verifier against the challenge and the <c>resource</c>, and refreshes (refused
/// after <see cref="RefuseRefresh"/>). Token expiry follows the <see cref="TimeProvider"/> it is given.
/// </summary>
public sealed partial class FakeMcpOAuthServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, FakeOAuthClient> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FakeAuthorizationCode> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _accessTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<string> _issuedRefreshTokens = new();
    private int _refreshCount;
    private int _counter;

    private FakeMcpOAuthServer(WebApplication app, TimeProvider time)
    {
        _app = app;
        _time = time;
    }

    /// <summary><c>http://127.0.0.1:PORT/</c>: the authorization server's issuer.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The MCP endpoint (<c>/mcp</c>): the resource tokens are issued for.</summary>
    public Uri McpUrl => new(BaseUrl, "mcp");

    /// <summary>How long issued access tokens live (default 1 hour).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Refresh grants answer 400 invalid_grant.</summary>
    public bool RefuseRefresh { get; set; }

    /// <summary>Registration answers 400 invalid_client_metadata.</summary>
    public bool RefuseRegistration { get; set; }

    /// <summary>Only <c>/.well-known/openid-configuration</c> is published (RFC 8414's URL answers 404).</summary>
    public bool OpenIdConfigurationOnly { get; set; }

    /// <summary>The scopes in the challenge and the protected-resource metadata.</summary>
    public string Scope { get; set; } = "mcp:tools";

    /// <summary>Successful refresh grants so far.</summary>
    public int RefreshCount => Volatile.Read(ref _refreshCount);

    /// <summary>Every access token issued (valid or not).</summary>
    public IReadOnlyCollection<string> IssuedAccessTokens => [.. _accessTokens.Keys];

    /// <summary>Every refresh token issued (valid or not).</summary>
    public IReadOnlyCollection<string> IssuedRefreshTokens => [.. _issuedRefreshTokens];

    /// <summary>Registered clients by id.</summary>
    public IReadOnlyDictionary<string, FakeOAuthClient> Clients => _clients;

    /// <summary>"METHOD /path" of every request, in order.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    public static async Task<FakeMcpOAuthServer> StartAsync(TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            options.AddServerHeader = false;
        });
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddMcpServer(options => options.ServerInfo = new() { Name = "fake-oauth-mcp", Version = "1.0.0" })
            .WithHttpTransport(options => options.Stateless = true)
            .WithTools([McpServerTool.Create((string text) => "echo: " + text, new McpServerToolCreateOptions { Name = "echo", Description = "Echoes the text back" })]);
        var app = builder.Build();
        var server = new FakeMcpOAuthServer(app, time ?? TimeProvider.System);
        app.Use(server.HandleAsync);
        app.MapMcp("/mcp");
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.BaseUrl = new Uri($"http://127.0.0.1:{new Uri(address).Port}/");
        return server;
    }

    /// <summary>Makes every issued access token invalid at once (as if the server revoked them).</summary>
    public void RevokeAccessTokens() => _accessTokens.Clear();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private string NewSecret(string prefix) => $"{prefix}-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid():N}";
}

/// <summary>A client registered at the fake authorization server.</summary>
public sealed record FakeOAuthClient(string ClientId, IReadOnlyList<string> RedirectUris, string? ClientName);

internal sealed record FakeAuthorizationCode(string ClientId, string RedirectUri, string Challenge, string Resource, string? Scope);
