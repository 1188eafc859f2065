using System.Net;
using Grove.Core.Paths;
using Grove.Server.Security;
using Grove.Server.Tests.TestServices;

namespace Grove.Server.Tests;

public sealed class AuthTests
{
    [Fact]
    public async Task NoToken_Gets401ProblemDetails()
    {
        await using var bed = await ServerBed.StartAsync();

        using var response = await bed.Anonymous.GetAsync("api/projects", ServerBed.Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"status\":401", await response.Content.ReadAsStringAsync(ServerBed.Ct));
    }

    [Fact]
    public async Task Bearer_RightTokenIsAccepted_WrongOneIsNot()
    {
        await using var bed = await ServerBed.StartAsync();

        using var right = await bed.Client.GetAsync("api/projects", ServerBed.Ct);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "api/projects") { Headers = { { "Authorization", "Bearer " + bed.Server.Token.Value[..^1] + "x" } } };
        using var wrongResponse = await bed.Anonymous.SendAsync(wrong, ServerBed.Ct);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
    }

    [Fact]
    public async Task Cookie_RightValueIsAccepted_WrongOrAbsentIsNot()
    {
        await using var bed = await ServerBed.StartAsync();

        async Task<HttpStatusCode> WithCookie(string? cookie)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/projects");
            if (cookie is not null)
            {
                request.Headers.Add("Cookie", $"{TokenAuthentication.CookieName}={cookie}");
            }

            using var response = await bed.Anonymous.SendAsync(request, ServerBed.Ct);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await WithCookie(bed.Server.Token.Value));
        Assert.Equal(HttpStatusCode.Unauthorized, await WithCookie("not-the-token"));
        Assert.Equal(HttpStatusCode.Unauthorized, await WithCookie(null));
    }

    [Fact]
    public async Task LoginUrl_SetsAnHttpOnlyStrictCookie_AndRedirectsHome()
    {
        await using var bed = await ServerBed.StartAsync();

        using var login = await bed.Anonymous.GetAsync(bed.Server.LoginUrl, ServerBed.Ct);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/", login.Headers.Location?.OriginalString);
        var setCookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith($"{TokenAuthentication.CookieName}=", setCookie, StringComparison.Ordinal);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);

        // The browser's cookie jar then opens the API.
        using var browser = bed.NewClient(new SocketsHttpHandler { UseCookies = true, AllowAutoRedirect = true });
        using var home = await browser.GetAsync(bed.Server.LoginUrl, ServerBed.Ct);
        using var api = await browser.GetAsync("api/projects", ServerBed.Ct);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    [Fact]
    public async Task LoginUrl_WithAWrongToken_IsRefusedWithoutACookie()
    {
        await using var bed = await ServerBed.StartAsync();

        using var login = await bed.Anonymous.GetAsync("login?token=guess", ServerBed.Ct);
        using var none = await bed.Anonymous.GetAsync("login", ServerBed.Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.False(login.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
    }

    [Fact]
    public async Task TokenFile_IsOwnerOnly_AndKeptAcrossRestarts()
    {
        await using var bed = await ServerBed.StartAsync();
        var path = ServerToken.PathIn(bed.Paths);

        Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(path) == (UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.Equal(bed.Server.Token.Value, File.ReadAllText(path));
        Assert.Equal(43, bed.Server.Token.Value.Length); // 32 bytes, base64url without padding
        Assert.Equal(bed.Server.Token.Value, ServerToken.LoadOrCreate(new GrovePaths(bed.Home)).Value);
    }

    [Fact]
    public async Task TheToken_NeverReachesTheLogs_EvenFromTheLoginUrl()
    {
        await using var bed = await ServerBed.StartAsync();

        using var login = await bed.Anonymous.GetAsync(bed.Server.LoginUrl, ServerBed.Ct);
        using var api = await bed.Client.GetAsync("api/projects", ServerBed.Ct);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var lines = bed.Logs.Lines;
        Assert.Contains(lines, l => l.Contains("/login?token=[redacted]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("/api/projects", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(bed.Server.Token.Value, StringComparison.Ordinal));
    }
}
