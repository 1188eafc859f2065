using Microsoft.Playwright;

namespace Grove.EndToEnd.Tests;

public sealed class LoginTests
{
    [Fact]
    public async Task The_login_url_signs_in_and_the_page_becomes_interactive()
    {
        await using var bed = await GroveBed.StartAsync();
        var page = await bed.Browser.NewPageAsync();

        var response = await page.GotoAsync(bed.Server.LoginUrl.ToString());

        // Redirected to / with the token gone from the address bar; the shell renders and connects.
        Assert.NotNull(response);
        Assert.Equal(new Uri(bed.Server.BaseUrl, "/").ToString(), page.Url);
        await GroveBed.WaitInteractiveAsync(page);
        Assert.Equal("Grove", await page.Locator(".brand").InnerTextAsync());
        var cookies = await page.Context.CookiesAsync();
        var session = Assert.Single(cookies, c => c.Name == "grove_session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        await Browser.ScreenshotAsync(page, "home");
    }

    [Fact]
    public async Task Without_signing_in_the_page_is_refused()
    {
        await using var bed = await GroveBed.StartAsync();
        var page = await bed.Browser.NewPageAsync();

        var response = await page.GotoAsync(bed.Server.BaseUrl.ToString());

        Assert.Equal(401, response!.Status);
        Assert.Equal(0, await page.Locator(".shell").CountAsync());
    }

    [Fact]
    public async Task A_wrong_token_in_the_login_url_is_refused()
    {
        await using var bed = await GroveBed.StartAsync();
        var page = await bed.Browser.NewPageAsync();

        var response = await page.GotoAsync(new Uri(bed.Server.BaseUrl, "/login?token=not-the-token").ToString());

        Assert.Equal(401, response!.Status);
        Assert.Empty(await page.Context.CookiesAsync());
    }
}
