using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Grove.Agents;
using Grove.Cli;
using Grove.Server.Tests.TestServices;
using Grove.Testing;
using Grove.Testing.FakeOAuth;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Server.Tests;

/// <summary><c>/api/mcp/oauth/*</c> and <c>grove mcp login|logout</c> against the fake OAuth-protected MCP server.</summary>
public sealed class McpOAuthApiTests
{
    [Fact]
    public async Task Api_login_returns_the_authorize_url_status_follows_the_browser_and_logout_signs_out()
    {
        await using var bed = await ServerBed.StartAsync();
        await using var mcp = await FakeMcpOAuthServer.StartAsync(cancellationToken: ServerBed.Ct);
        await SetPortAsync(bed, LoopbackPorts.Free());
        var url = mcp.McpUrl.AbsoluteUri;

        var login = await bed.PostJsonAsync("api/mcp/oauth/login", new { url });
        var authorize = new Uri(login.GetProperty("authorizeUrl").GetString()!);
        Assert.StartsWith(new Uri(mcp.BaseUrl, "authorize").AbsoluteUri, authorize.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", authorize.Query, StringComparison.Ordinal);
        Assert.Equal("signingIn", (await StatusAsync(bed, url)).GetProperty("state").GetString());

        using var browser = new HttpClient();
        using var page = await browser.GetAsync(authorize, ServerBed.Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        var status = await StatusAsync(bed, url);
        Assert.Equal("signedIn", status.GetProperty("state").GetString());
        Assert.Equal(url, status.GetProperty("serverUrl").GetString());
        var token = Assert.Single(mcp.IssuedAccessTokens);
        Assert.DoesNotContain(bed.Logs.Lines, line => line.Contains(token, StringComparison.Ordinal));

        var logout = await bed.PostJsonAsync("api/mcp/oauth/logout", new { url });
        Assert.Equal("signedOut", logout.GetProperty("state").GetString());
        Assert.Equal("signedOut", (await StatusAsync(bed, url)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Api_login_to_a_taken_port_is_a_conflict_with_one_line()
    {
        await using var bed = await ServerBed.StartAsync();
        await using var mcp = await FakeMcpOAuthServer.StartAsync(cancellationToken: ServerBed.Ct);
        var port = LoopbackPorts.Free();
        await SetPortAsync(bed, port);
        using var squatter = new TcpListener(IPAddress.Loopback, port);
        squatter.Start();

        using var response = await bed.Client.PostAsJsonAsync("api/mcp/oauth/login", new { url = mcp.McpUrl.AbsoluteUri }, ServerBed.Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadAsStringAsync(ServerBed.Ct);
        Assert.Contains($"Port {port}", problem, StringComparison.Ordinal);
        Assert.Contains("mcp.oauth_callback_port", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_login_by_name_prints_the_url_waits_for_the_callback_and_logout_removes_the_sign_in()
    {
        await using var bed = await ServerBed.StartAsync();
        await using var mcp = await FakeMcpOAuthServer.StartAsync(cancellationToken: ServerBed.Ct);
        using var home = new TempDirectory("user-home");
        File.WriteAllText(Path.Combine(home.Path, ".claude.json"), $$"""
            { "numStartups": 3, "mcpServers": { "secure": { "type": "http", "url": "{{mcp.McpUrl.AbsoluteUri}}" } } }
            """);
        void UserHome(IServiceCollection services) => services.AddSingleton(new Grove.Integrations.Mcp.McpFileOptions { ConfigDirectory = home.Path, Environment = new Dictionary<string, string>() });
        var config = new InProcessCli(bed.Home);
        Assert.Equal(ExitCodes.Success, await config.RunAsync(ServerBed.Ct, "config", "set", "mcp.oauth_callback_port", LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var login = new InProcessCli(bed.Home) { ConfigureServices = UserHome };
        var running = login.RunAsync(ServerBed.Ct, "mcp", "login", "secure", "--no-open");
        var printed = await login.Out.WaitForAsync("code_challenge=", ServerBed.Ct);
        var authorize = printed.Split('\n').Single(line => line.StartsWith("http", StringComparison.Ordinal)).Trim();
        using var browser = new HttpClient();
        using var page = await browser.GetAsync(authorize, ServerBed.Ct);

        Assert.Equal(ExitCodes.Success, await running.WaitAsync(ServerBed.Ct));
        Assert.Contains($"Signed in to {mcp.McpUrl.AbsoluteUri}", login.Out.Text, StringComparison.Ordinal);
        Assert.Equal("signedIn", (await StatusAsync(bed, mcp.McpUrl.AbsoluteUri)).GetProperty("state").GetString());

        var logout = new InProcessCli(bed.Home) { ConfigureServices = UserHome };
        Assert.Equal(ExitCodes.Success, await logout.RunAsync(ServerBed.Ct, "mcp", "logout", "secure"));
        Assert.Contains($"Signed out of {mcp.McpUrl.AbsoluteUri}", logout.Out.Text, StringComparison.Ordinal);
        Assert.Equal("signedOut", (await StatusAsync(bed, mcp.McpUrl.AbsoluteUri)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Cli_login_to_an_unknown_name_or_a_stdio_server_is_one_clear_error()
    {
        await using var bed = await ServerBed.StartAsync();
        using var home = new TempDirectory("user-home");
        File.WriteAllText(Path.Combine(home.Path, ".claude.json"), """{ "mcpServers": { "local": { "command": "node", "args": ["server.js"] } } }""");
        void UserHome(IServiceCollection services) => services.AddSingleton(new Grove.Integrations.Mcp.McpFileOptions { ConfigDirectory = home.Path, Environment = new Dictionary<string, string>() });

        var unknown = new InProcessCli(bed.Home) { ConfigureServices = UserHome };
        Assert.Equal(ExitCodes.NotFound, await unknown.RunAsync(ServerBed.Ct, "mcp", "login", "nope", "--no-open"));
        Assert.Contains("No MCP server named 'nope'", unknown.Error.Text, StringComparison.Ordinal);

        var stdio = new InProcessCli(bed.Home) { ConfigureServices = UserHome };
        Assert.Equal(ExitCodes.InvalidInput, await stdio.RunAsync(ServerBed.Ct, "mcp", "logout", "local"));
        Assert.Contains("has no url", stdio.Error.Text, StringComparison.Ordinal);
    }

    private static async Task SetPortAsync(ServerBed bed, int port)
    {
        using var put = await bed.Client.PutAsJsonAsync("api/settings/mcp.oauth_callback_port", new { value = port.ToString(System.Globalization.CultureInfo.InvariantCulture) }, ServerBed.Ct);
        await ServerBed.EnsureAsync(put);
    }

    private static Task<JsonElement> StatusAsync(ServerBed bed, string url) =>
        bed.GetJsonAsync<JsonElement>("api/mcp/oauth/status?url=" + Uri.EscapeDataString(url));

}
