using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grove.Cli;
using Grove.Server.Tests.TestServices;
using Grove.Services;
using Grove.Services.Settings;
using Grove.Testing;
using Grove.Testing.FakeAccount;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Server.Tests;

/// <summary>The account sign-in through the running server: its open <c>/auth/callback</c>, <c>/api/account</c>, and <c>grove open-url</c>/<c>grove account</c>.</summary>
public sealed class AccountApiTests
{
    [Fact]
    public async Task A_browser_comes_back_to_the_open_callback_without_grove_cookie_and_the_account_is_signed_in()
    {
        await using var bed = await ServerBed.StartAsync();
        await using var backend = await FakeAccountServer.StartAsync();
        await ConfigureAsync(bed, backend);

        var callback = await StartBrowserSignInAsync(bed);
        Assert.Equal($"http://127.0.0.1:{bed.Port}/auth/callback", callback.GetLeftPart(UriPartial.Path));

        // The backend's redirect is cross-site: no Grove cookie, no bearer token.
        using var page = await GetAsBrowserAsync(bed, callback);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync(ServerBed.Ct);
        Assert.Contains("data-status=\"signed-in\"", html, StringComparison.Ordinal);
        Assert.Contains("Ada Lovelace", html, StringComparison.Ordinal);
        Assert.Contains("url=/settings", html, StringComparison.Ordinal);

        var account = await bed.GetJsonAsync<JsonElement>("api/account");
        Assert.Equal("signedIn", account.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal("ada@example.com", account.GetProperty("status").GetProperty("profile").GetProperty("email").GetString());
        Assert.Equal("pro", account.GetProperty("plan").GetProperty("name").GetString());
        Assert.True(account.GetProperty("plan").GetProperty("paid").GetBoolean());

        // The same link again is refused: state is single use.
        using var again = await GetAsBrowserAsync(bed, callback);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("data-status=\"failed\"", await again.Content.ReadAsStringAsync(ServerBed.Ct), StringComparison.Ordinal);
        Assert.Equal(1, backend.Count("/api/auth/desktop/exchange"));

        foreach (var token in backend.IssuedTokens)
        {
            Assert.DoesNotContain(bed.Logs.Lines, line => line.Contains(token, StringComparison.Ordinal));
        }

        var logout = await bed.PostJsonAsync("api/account/logout", null);
        Assert.Equal("signedOut", logout.GetProperty("state").GetString());
    }

    [Fact]
    public async Task The_callback_refuses_a_missing_or_foreign_state_and_contacts_nothing()
    {
        await using var bed = await ServerBed.StartAsync();
        await using var backend = await FakeAccountServer.StartAsync();
        await ConfigureAsync(bed, backend);
        var callback = await StartBrowserSignInAsync(bed);
        var code = System.Web.HttpUtility.ParseQueryString(callback.Query)["code"]!;

        foreach (var path in new[] { $"/auth/callback?code={code}", $"/auth/callback?code={code}&state=forged", "/auth/callback" })
        {
            using var response = await GetAsBrowserAsync(bed, new Uri(bed.BaseAddress, path));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("Sign-in failed", await response.Content.ReadAsStringAsync(ServerBed.Ct), StringComparison.Ordinal);
        }

        Assert.Equal(0, backend.Count("/api/auth/desktop/exchange"));
        Assert.Equal("signedOut", (await bed.GetJsonAsync<JsonElement>("api/account")).GetProperty("status").GetProperty("state").GetString());

        // Other pages stay closed to a browser without the cookie.
        using var home = await GetAsBrowserAsync(bed, new Uri(bed.BaseAddress, "/settings"));
        Assert.Equal(HttpStatusCode.Unauthorized, home.StatusCode);
    }

    [Fact]
    public async Task Grove_open_url_forwards_a_grove_link_to_the_running_server_and_grove_account_works_through_it()
    {
        await using var bed = await ServerBed.StartAsync();
        await using var backend = await FakeAccountServer.StartAsync();
        await ConfigureAsync(bed, backend);
        bed.AnnounceToCli();
        var callback = await StartBrowserSignInAsync(bed);
        var link = "grove://auth/callback" + callback.Query;

        var open = new InProcessCli(bed.Home);
        Assert.Equal(ExitCodes.Success, await open.RunAsync(ServerBed.Ct, "open-url", link));
        Assert.Contains("as Ada Lovelace <ada@example.com>", open.Out.Text, StringComparison.Ordinal);

        var reused = new InProcessCli(bed.Home);
        Assert.Equal(ExitCodes.SecurityViolation, await reused.RunAsync(ServerBed.Ct, "open-url", link));
        Assert.Contains("already used", reused.Error.Text, StringComparison.Ordinal);

        var status = new InProcessCli(bed.Home);
        Assert.Equal(ExitCodes.Success, await status.RunAsync(ServerBed.Ct, "account", "status"));
        Assert.Contains("Signed in to", status.Out.Text, StringComparison.Ordinal);
        Assert.Contains("Plan: pro (active), paid", status.Out.Text, StringComparison.Ordinal);

        var profile = new InProcessCli(bed.Home);
        Assert.Equal(ExitCodes.Success, await profile.RunAsync(ServerBed.Ct, "account", "profile", "--name", "Ada King"));
        Assert.Contains("name:  Ada King", profile.Out.Text, StringComparison.Ordinal);
        Assert.Equal("Ada King", backend.UserName);

        var logout = new InProcessCli(bed.Home);
        Assert.Equal(ExitCodes.Success, await logout.RunAsync(ServerBed.Ct, "account", "logout"));
        Assert.Contains("Signed out", logout.Out.Text, StringComparison.Ordinal);
        Assert.Equal("signedOut", (await bed.GetJsonAsync<JsonElement>("api/account")).GetProperty("status").GetProperty("state").GetString());
    }

    [Fact]
    public async Task Grove_account_login_prints_the_page_and_returns_once_the_browser_came_back()
    {
        await using var bed = await ServerBed.StartAsync();
        await using var backend = await FakeAccountServer.StartAsync();
        await ConfigureAsync(bed, backend);
        bed.AnnounceToCli();

        var cli = new InProcessCli(bed.Home);
        var login = cli.RunAsync(ServerBed.Ct, "account", "login", "--no-open");
        var printed = await cli.Out.WaitForAsync("/auth/desktop?", ServerBed.Ct);
        var signInUrl = new Uri(printed.Split('\n').Select(l => l.Trim()).First(l => l.Contains("/auth/desktop?", StringComparison.Ordinal)));
        var callback = await FakeAccountServer.FollowSignInPageAsync(signInUrl, ServerBed.Ct);
        using (var page = await GetAsBrowserAsync(bed, callback))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        Assert.Equal(ExitCodes.Success, await login.WaitAsync(ServerBed.Ct));
        Assert.Contains("as Ada Lovelace", cli.Out.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grove_open_url_without_a_server_says_so_and_a_malformed_link_is_refused()
    {
        using var home = new TempDirectory("grove-home");
        var cli = new InProcessCli(home.Path);
        Assert.Equal(ExitCodes.ServerNotRunning, await cli.RunAsync(ServerBed.Ct, "open-url", "grove://auth/callback?code=c&state=s"));
        Assert.Contains("no Grove server is running", cli.Error.Text, StringComparison.Ordinal);

        var bad = new InProcessCli(home.Path);
        Assert.Equal(ExitCodes.InvalidInput, await bad.RunAsync(ServerBed.Ct, "open-url", "https://example.com/auth/callback?code=c&state=s"));
    }

    [Fact]
    public async Task Without_a_backend_url_the_status_says_how_to_set_it_and_login_is_refused()
    {
        await using var bed = await ServerBed.StartAsync();
        var account = await bed.GetJsonAsync<JsonElement>("api/account");
        Assert.Equal("notConfigured", account.GetProperty("status").GetProperty("state").GetString());
        Assert.Contains("account.api_url", account.GetProperty("status").GetProperty("hint").GetString(), StringComparison.Ordinal);

        using var login = await bed.Client.PostAsJsonAsync("api/account/login", new { }, ServerBed.Ct);
        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
    }

    private static Task ConfigureAsync(ServerBed bed, FakeAccountServer backend) =>
        bed.Server.Services.GetRequiredService<ISettingsService>().SetAsync(SettingKeys.AccountApiUrl, backend.BaseUrl.AbsoluteUri, ServerBed.Ct);

    /// <summary>Starts a sign-in over the API and lets the fake backend's page redirect: the callback URL the browser is sent to.</summary>
    private static async Task<Uri> StartBrowserSignInAsync(ServerBed bed)
    {
        var started = await bed.PostJsonAsync("api/account/login", null);
        return await FakeAccountServer.FollowSignInPageAsync(new Uri(started.GetProperty("signInUrl").GetString()!), ServerBed.Ct);
    }

    private static async Task<HttpResponseMessage> GetAsBrowserAsync(ServerBed bed, Uri url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/html");
        return await bed.Anonymous.SendAsync(request, ServerBed.Ct);
    }
}
