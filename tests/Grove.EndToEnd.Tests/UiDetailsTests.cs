using Grove.Testing;
using Microsoft.Playwright;

namespace Grove.EndToEnd.Tests;

/// <summary>What a new user tripped on: fast tab renames, focus contrast, a dialog taller than the window, the sign-in page, a stopped server.</summary>
public sealed class UiDetailsTests
{
    public UiDetailsTests() => Assertions.SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task Renaming_a_tab_keeps_every_key_typed_fast_and_the_first_tab_is_not_called_main()
    {
        await using var bed = await GroveBed.StartAsync();
        var (workspaceId, _) = await NarrowLayoutTests.CreateWorkspaceAsync(bed, "rename");
        var page = await bed.SignedInPageAsync($"/w/{workspaceId}");
        await page.Locator("[data-action='start-agent']").ClickAsync();
        await page.WaitForURLAsync("**/t/*");
        await Expect(page.Locator("[role='tab'][data-tab]")).ToHaveAttributeAsync("data-tab", "Agent 1");

        const string name = "a-much-longer-name-typed-very-quickly-1234567890";
        await page.Locator("[role='tab'] .tab-link").DblClickAsync();
        var input = page.Locator("[data-test='tab-rename']");
        await input.FocusAsync();
        await input.PressAsync("Control+a");
        await input.PressSequentiallyAsync(name, new LocatorPressSequentiallyOptions { Delay = 0 });
        await input.PressAsync("Enter");

        await Expect(page.Locator($"[role='tab'][data-tab='{name}']")).ToBeVisibleAsync();
        var (_, tabs) = await bed.GroveAsync("tabs", "--json");
        Assert.Contains($"\"{name}\"", tabs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_focused_primary_button_stays_readable_and_the_shortcuts_dialog_fits_a_short_window()
    {
        await using var bed = await GroveBed.StartAsync();
        var page = await bed.SignedInPageAsync();
        foreach (var theme in new[] { "light", "dark" })
        {
            await page.EvaluateAsync("theme => grove.setTheme(theme)", theme);
            var button = page.Locator("[data-action='new-workspace']");
            await button.FocusAsync();
            await button.HoverAsync();
            var colors = await button.EvaluateAsync<string[]>(
                "b => { const s = getComputedStyle(b); return [s.color, s.backgroundColor, s.outlineStyle, s.outlineWidth]; }");
            Assert.True(Contrast(colors[0], colors[1]) >= 4.5, $"{theme}: text {colors[0]} on {colors[1]}");
            Assert.Equal("solid", colors[2]);
            await Browser.ScreenshotAsync(page, $"focus-primary-{theme}");
        }

        await page.SetViewportSizeAsync(1280, 560);
        // Nothing focused: "?" typed into a field (the start page has the add and clone forms) is text, not the shortcut.
        await page.EvaluateAsync("() => document.activeElement?.blur()");
        await page.Keyboard.PressAsync("?");
        var dialog = page.Locator(".modal[role='dialog']");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToBeInViewportAsync(new() { Ratio = 1 });
        await Expect(dialog.Locator(".modal-actions button")).ToBeInViewportAsync(new() { Ratio = 1 });
        await Browser.ScreenshotAsync(page, "shortcuts-help-short-window");
    }

    [Fact]
    public async Task Without_the_link_the_browser_gets_a_page_that_says_what_to_do()
    {
        await using var bed = await GroveBed.StartAsync();
        var page = await bed.Browser.NewPageAsync();

        var response = await page.GotoAsync(bed.Server.BaseUrl.ToString());

        Assert.Equal(401, response!.Status);
        await Expect(page.Locator("[data-test='signin']")).ToContainTextAsync("grove url");
        await Browser.ScreenshotAsync(page, "signin");
        await page.GotoAsync(new Uri(bed.Server.BaseUrl, "/login?token=wrong").ToString());
        await Expect(page.Locator("h1")).ToHaveTextAsync("This sign-in link is not valid");
        await page.GotoAsync(bed.Server.LoginUrl.ToString());
        await GroveBed.WaitInteractiveAsync(page);
    }

    [Fact]
    public async Task When_the_server_stops_the_page_says_so_and_comes_back_when_it_is_started_again()
    {
        await using var bed = await GroveBed.StartAsync();
        var (workspaceId, _) = await NarrowLayoutTests.CreateWorkspaceAsync(bed, "restart");
        var page = await bed.SignedInPageAsync($"/w/{workspaceId}");
        var reconnect = page.Locator("[data-test='reconnect']");
        await Expect(reconnect).ToBeHiddenAsync();

        await bed.StopServerAsync();

        await Expect(reconnect).ToBeVisibleAsync();
        await Expect(reconnect).ToContainTextAsync("Grove stopped");
        await Expect(reconnect).ToContainTextAsync("grove serve");
        await Expect(reconnect).ToContainTextAsync("reconnects by itself");
        await Browser.ScreenshotAsync(page, "server-stopped");

        await bed.StartServerAgainAsync();

        await GroveBed.WaitInteractiveAsync(page);
        await Expect(reconnect).ToBeHiddenAsync();
        await Expect(page.Locator("[data-action='start-agent']")).ToBeVisibleAsync();
        await page.Locator("[data-action='start-agent']").ClickAsync();
        await page.WaitForURLAsync("**/t/*");
    }

    /// <summary>WCAG contrast ratio of two computed colours (rgb()/rgba(), alpha ignored).</summary>
    private static double Contrast(string foreground, string background)
    {
        static double Luminance(string css)
        {
            var parts = css[(css.IndexOf('(', StringComparison.Ordinal) + 1)..css.IndexOf(')', StringComparison.Ordinal)]
                .Split(',', StringSplitOptions.TrimEntries).Take(3)
                .Select(p => double.Parse(p, System.Globalization.CultureInfo.InvariantCulture) / 255)
                .Select(c => c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4)).ToArray();
            return (0.2126 * parts[0]) + (0.7152 * parts[1]) + (0.0722 * parts[2]);
        }

        var (a, b) = (Luminance(foreground), Luminance(background));
        return (Math.Max(a, b) + 0.05) / (Math.Min(a, b) + 0.05);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
