using System.Net;
using System.Net.Sockets;
using System.Text;
using Grove.Core.Errors;
using Grove.Core.Mcp;
using Grove.Integrations.Mcp;
using Grove.Testing;
using Grove.Testing.FakeOAuth;

namespace Grove.Services.Tests.Mcp;

public sealed class McpSignInTests
{
    [Fact]
    public async Task Full_sign_in_registers_checks_pkce_stores_tokens_and_the_mcp_client_lists_tools()
    {
        await using var bed = await McpOAuthBed.StartAsync();

        var (status, page, body) = await bed.SignInAsync();

        Assert.Equal(HttpStatusCode.OK, page);
        Assert.Contains("Signed in", body, StringComparison.Ordinal);
        Assert.Contains("You can close this tab", body, StringComparison.Ordinal);
        Assert.Equal(McpSignInState.SignedIn, status.State);
        Assert.Null(status.Error);
        Assert.Equal("mcp:tools", status.Scopes);
        var client = Assert.Single(bed.Server.Clients.Values);
        Assert.Equal([$"http://127.0.0.1:{bed.CallbackPort}/callback"], client.RedirectUris);
        Assert.Contains("POST /mcp", bed.Server.Requests); // the 401 challenge started discovery

        var token = await bed.Tokens.GetAsync(bed.Server.McpUrl, TestContext.Current.CancellationToken);
        Assert.Equal(McpAccessTokenState.Valid, token.State);
        Assert.Contains(token.AccessToken!, bed.Server.IssuedAccessTokens);
        Assert.Equal(["echo"], await bed.ListToolsAsync(token.AccessToken));
        await Assert.ThrowsAnyAsync<Exception>(() => bed.ListToolsAsync(null));
    }

    [Fact]
    public async Task Status_is_keyed_by_the_normalized_url()
    {
        await using var bed = await McpOAuthBed.StartAsync();
        await bed.SignInAsync();

        var other = bed.ServerUrl.Replace("127.0.0.1", "127.0.0.1", StringComparison.Ordinal).ToUpperInvariant().Replace("/MCP", "/mcp/", StringComparison.Ordinal);
        var status = await bed.SignIn.GetStatusAsync(other, TestContext.Current.CancellationToken);

        Assert.Equal(McpSignInState.SignedIn, status.State);
        Assert.Equal(bed.ServerUrl, status.ServerUrl);
    }

    [Fact]
    public async Task A_wrong_or_missing_state_is_refused_and_nothing_is_stored()
    {
        await using var bed = await McpOAuthBed.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var started = await bed.SignIn.StartAsync(bed.ServerUrl, cancellationToken: ct);
        using var browser = new HttpClient();

        using var wrong = await browser.GetAsync(new Uri(started.RedirectUri, "?code=stolen&state=not-the-state"), ct);
        using var missing = await browser.GetAsync(new Uri(started.RedirectUri, "?code=stolen"), ct);

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("state does not match", await wrong.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(McpSignInState.SigningIn, (await bed.SignIn.GetStatusAsync(bed.ServerUrl, ct)).State);
        Assert.DoesNotContain(bed.Server.Requests, r => r == "POST /token");

        await bed.SignIn.SignOutAsync(bed.ServerUrl, ct);
        var final = await started.Completion.WaitAsync(TestTimeouts.Default, ct);
        Assert.Equal(McpSignInState.SignedOut, final.State);
        Assert.Equal(McpAccessTokenState.None, (await bed.Tokens.GetAsync(bed.Server.McpUrl, ct)).State);
    }

    [Fact]
    public async Task A_token_expiring_within_five_minutes_is_refreshed_once_under_concurrency()
    {
        await using var bed = await McpOAuthBed.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        await bed.SignInAsync();
        var first = await bed.Tokens.GetAsync(bed.Server.McpUrl, ct);

        bed.Time.Advance(TimeSpan.FromMinutes(54));
        Assert.Equal(first.AccessToken, (await bed.Tokens.GetAsync(bed.Server.McpUrl, ct)).AccessToken);
        Assert.Equal(0, bed.Server.RefreshCount);

        bed.Time.Advance(TimeSpan.FromMinutes(2)); // 4 minutes left
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => bed.Tokens.GetAsync(bed.Server.McpUrl, ct), ct)));

        Assert.Equal(1, bed.Server.RefreshCount);
        Assert.All(answers, a => Assert.Equal(McpAccessTokenState.Valid, a.State));
        Assert.Single(answers.Select(a => a.AccessToken).Distinct());
        Assert.NotEqual(first.AccessToken, answers[0].AccessToken);
        Assert.Equal(bed.Time.GetUtcNow().AddHours(1), answers[0].ExpiresAt);
        Assert.Equal(["echo"], await bed.ListToolsAsync(answers[0].AccessToken));
    }

    [Fact]
    public async Task A_refused_refresh_marks_the_server_needs_sign_in_until_signed_in_again()
    {
        await using var bed = await McpOAuthBed.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        await bed.SignInAsync();
        bed.Server.RefuseRefresh = true;
        bed.Time.Advance(TimeSpan.FromMinutes(58));

        Assert.Equal(McpAccessTokenState.NeedsSignIn, (await bed.Tokens.GetAsync(bed.Server.McpUrl, ct)).State);
        Assert.Equal(McpAccessTokenState.NeedsSignIn, (await bed.Tokens.GetAsync(bed.Server.McpUrl, ct)).State);
        Assert.Equal(McpSignInState.NeedsSignIn, (await bed.SignIn.GetStatusAsync(bed.ServerUrl, ct)).State);

        var (again, _, _) = await bed.SignInAsync();

        Assert.Equal(McpSignInState.SignedIn, again.State);
        Assert.Single(bed.Server.Clients); // the registration was used again
        Assert.Equal(McpAccessTokenState.Valid, (await bed.Tokens.GetAsync(bed.Server.McpUrl, ct)).State);
    }

    [Fact]
    public async Task Sign_out_leaves_no_token_and_no_token_ever_reaches_the_database_file_in_plaintext()
    {
        await using var bed = await McpOAuthBed.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        await bed.SignInAsync();
        bed.Time.Advance(TimeSpan.FromMinutes(56));
        await bed.Tokens.GetAsync(bed.Server.McpUrl, ct); // a refresh: a second pair of tokens

        Assert.True(await bed.SignIn.SignOutAsync(bed.ServerUrl, ct));

        Assert.Equal(McpSignInState.SignedOut, (await bed.SignIn.GetStatusAsync(bed.ServerUrl, ct)).State);
        Assert.Equal(McpAccessTokenState.None, (await bed.Tokens.GetAsync(bed.Server.McpUrl, ct)).State);
        var secrets = bed.Server.IssuedAccessTokens.Concat(bed.Server.IssuedRefreshTokens).Concat(bed.Server.Clients.Keys).ToList();
        Assert.Equal(5, secrets.Count);
        var files = Directory.GetFiles(bed.App.Paths.DataRoot, "*", SearchOption.AllDirectories);
        foreach (var file in files)
        {
            var bytes = await ReadSharedAsync(file, ct);
            foreach (var secret in secrets)
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"{secret} found in {file}");
            }
        }
    }

    [Fact]
    public async Task A_taken_callback_port_is_one_clear_error_naming_the_port_and_the_setting()
    {
        await using var bed = await McpOAuthBed.StartAsync();
        using var squatter = new TcpListener(IPAddress.Loopback, bed.CallbackPort);
        squatter.Start();

        var error = await Assert.ThrowsAsync<GroveException>(() => bed.SignIn.StartAsync(bed.ServerUrl, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Contains($"Port {bed.CallbackPort}", error.Message, StringComparison.Ordinal);
        Assert.Contains("mcp.oauth_callback_port", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_sign_in_that_never_comes_back_times_out_after_five_minutes()
    {
        await using var bed = await McpOAuthBed.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var started = await bed.SignIn.StartAsync(bed.ServerUrl, cancellationToken: ct);

        bed.Time.Advance(TimeSpan.FromMinutes(5));
        var status = await started.Completion.WaitAsync(TestTimeouts.Default, ct);

        Assert.Equal(McpSignInState.SignedOut, status.State);
        Assert.Contains("within 5 minutes", status.Error, StringComparison.Ordinal);
        // The listener is closed: the port can be taken again.
        using var again = new TcpListener(IPAddress.Loopback, bed.CallbackPort);
        again.Start();
    }

    [Fact]
    public async Task OpenId_configuration_is_the_fallback_for_authorization_server_metadata()
    {
        await using var bed = await McpOAuthBed.StartAsync();
        bed.Server.OpenIdConfigurationOnly = true;

        var (status, _, _) = await bed.SignInAsync();

        Assert.Equal(McpSignInState.SignedIn, status.State);
        Assert.Contains("GET /.well-known/openid-configuration", bed.Server.Requests);
    }

    [Fact]
    public async Task A_refused_registration_is_one_line_and_stores_nothing()
    {
        await using var bed = await McpOAuthBed.StartAsync();
        bed.Server.RefuseRegistration = true;

        var error = await Assert.ThrowsAsync<Integrations.Mcp.OAuth.McpOAuthRefusedException>(() => bed.SignIn.StartAsync(bed.ServerUrl, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("refused client registration", error.Message, StringComparison.Ordinal);
        Assert.Contains("invalid_client_metadata", error.Message, StringComparison.Ordinal);
        Assert.Equal(McpSignInState.SignedOut, (await bed.SignIn.GetStatusAsync(bed.ServerUrl, TestContext.Current.CancellationToken)).State);
    }

    [Fact]
    public async Task A_server_without_oauth_metadata_is_a_clear_error()
    {
        await using var bed = await McpOAuthBed.StartAsync();
        await using var bare = await LoopbackHost.StartAsync(context =>
        {
            context.Response.StatusCode = context.Request.Path == "/mcp" ? 401 : 404;
            return Task.CompletedTask;
        }, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<GroveException>(() => bed.SignIn.StartAsync(new Uri(bare.BaseUrl, "mcp").AbsoluteUri, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ErrorKind.Unsupported, error.Kind);
        Assert.Contains("publishes no OAuth metadata", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_does_not_ask_for_a_sign_in_says_so()
    {
        await using var bed = await McpOAuthBed.StartAsync();
        await using var open = await LoopbackHost.StartAsync(context =>
        {
            context.Response.StatusCode = context.Request.Path == "/mcp" ? 200 : 404;
            return Task.CompletedTask;
        }, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<GroveException>(() => bed.SignIn.StartAsync(new Uri(open.BaseUrl, "mcp").AbsoluteUri, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ErrorKind.Unsupported, error.Kind);
        Assert.Contains("does not ask for a sign-in (it answered 200", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_a_network_error()
    {
        await using var bed = await McpOAuthBed.StartAsync();
        var closed = LoopbackPorts.Free();

        var error = await Assert.ThrowsAsync<GroveException>(() => bed.SignIn.StartAsync($"http://127.0.0.1:{closed}/mcp", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ErrorKind.Network, error.Kind);
        Assert.Contains($"127.0.0.1:{closed}", error.Message, StringComparison.Ordinal);
    }

    private static async Task<byte[]> ReadSharedAsync(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory, ct);
        return memory.ToArray();
    }
}
