using Grove.Testing.FakeUpdates;
using Microsoft.Playwright;

namespace Grove.EndToEnd.Tests;

/// <summary>
/// The update check when the UI regains focus (issue 15), in Chromium against the real <c>grove serve</c>
/// and a fake release server: the focus event makes the page ask the server, the server fetches the
/// manifest and the sidebar shows the quiet notice. (The one-minute cooldown is tested on a fake clock
/// in UpdatesTests.)
/// </summary>
public sealed class UpdateCheckTests
{
    private const string Notice = "[data-test='update-notice']";

    [Fact]
    public async Task Regaining_focus_checks_for_an_update_and_the_sidebar_shows_it()
    {
        await using var releases = await FakeUpdateServer.StartAsync(GroveBed.Ct);
        await using var bed = await GroveBed.StartAsync();
        var page = await bed.SignedInPageAsync();
        Assert.Equal(0, await page.Locator(Notice).CountAsync());

        releases.Publish("99.0.0", "https://example.test/notes", new Dictionary<string, byte[]> { ["linux-x64"] = [1, 2, 3] });
        var (exit, output) = await bed.GroveAsync("config", "set", "updates.url", releases.ManifestUrl.ToString());
        Assert.True(exit == 0, output);
        Assert.Equal(0, releases.ManifestRequests);

        // The window regains focus: the page posts a check, the server asks the release server once.
        var checkPosted = page.WaitForRequestAsync(r => r.Method == "POST" && r.Url.EndsWith("/api/updates/check", StringComparison.Ordinal));
        await page.EvaluateAsync("() => window.dispatchEvent(new Event('focus'))");
        await checkPosted;
        var notice = page.Locator(Notice);
        await notice.WaitForAsync();
        Assert.Contains("Grove 99.0.0 is available", await notice.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("grove update", await notice.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("https://example.test/notes", await notice.Locator("a").GetAttributeAsync("href"));
        Assert.Equal(1, releases.ManifestRequests);
        await Browser.ScreenshotAsync(page, "update-notice");
    }
}
