using Grove.Testing;
using Grove.Testing.FakeOAuth;
using Microsoft.Playwright;

namespace Grove.EndToEnd.Tests;

/// <summary>Signing in to an OAuth-protected MCP server from Settings in the real browser, against the real <c>grove serve</c>.</summary>
public sealed class McpSignInTests
{
    public McpSignInTests() => Assertions.SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task Sign_in_from_settings_opens_the_sign_in_page_and_comes_back_signed_in()
    {
        await using var mcp = await FakeMcpOAuthServer.StartAsync(cancellationToken: GroveBed.Ct);
        await using var bed = await GroveBed.StartAsync();
        Assert.Equal(0, (await bed.GroveAsync("config", "set", "mcp.oauth_callback_port", LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture))).ExitCode);
        var page = await bed.SignedInPageAsync("/settings");

        await page.Locator("[data-test='mcp-server-url']").FillAsync(mcp.McpUrl.AbsoluteUri);
        await page.Locator("[data-test='mcp-server-url']").PressAsync("Tab");
        var signIn = page.Locator("[data-test='mcp-sign-in']");
        await Expect(signIn).ToHaveAttributeAsync("data-state", "signed-out");
        var popup = await page.Context.RunAndWaitForPageAsync(() => page.Locator("[data-action='mcp-sign-in']").ClickAsync());

        // The fake authorization server redirects straight back to Grove's callback.
        await Expect(popup.Locator("h1")).ToHaveTextAsync("Signed in");
        await Expect(signIn).ToHaveAttributeAsync("data-state", "signed-in");
        await Browser.ScreenshotAsync(page, "settings-mcp-signed-in");
        Assert.Single(mcp.IssuedAccessTokens);
        var (_, status) = await bed.GroveAsync("mcp", "logout", mcp.McpUrl.AbsoluteUri);
        Assert.Contains("Signed out of", status, StringComparison.Ordinal);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

}
