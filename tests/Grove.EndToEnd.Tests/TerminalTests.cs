using Grove.Testing.Web;
using Microsoft.Playwright;

namespace Grove.EndToEnd.Tests;

/// <summary>
/// A workspace terminal in Chromium: the panel opens a real shell in the worktree through the
/// server's socket, typing shows the output, Ctrl-C reaches the child, a reload reattaches with the
/// scrollback, and × ends it. Screenshots light, dark and narrow.
/// </summary>
public sealed class TerminalTests
{
    public TerminalTests() => Assertions.SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task Typing_in_the_terminal_shows_the_output_and_a_reload_keeps_it()
    {
        await using var bed = await GroveBed.StartAsync();
        var (workspaceId, worktree) = await NarrowLayoutTests.CreateWorkspaceAsync(bed, "shell");
        var page = await bed.SignedInPageAsync($"/w/{workspaceId}");

        await page.Locator("[data-action='toggle-terminal']").ClickAsync();
        var terminal = page.Locator("[data-test='terminal'][data-status='connected']");
        await Expect(terminal).ToBeVisibleAsync();
        var rows = terminal.Locator(".xterm-rows");
        await terminal.ClickAsync();
        await page.Keyboard.TypeAsync("echo hello-grove-$((20+3)) && pwd");
        await page.Keyboard.PressAsync("Enter");
        await Expect(rows).ToContainTextAsync("hello-grove-23");
        await Expect(rows).ToContainTextAsync(worktree);

        // Ctrl-C goes to the child, not to the browser.
        await page.Keyboard.TypeAsync("echo sleeping-$((1+1)); sleep 100");
        await page.Keyboard.PressAsync("Enter");
        await Expect(rows).ToContainTextAsync("sleeping-2");
        await page.Keyboard.PressAsync("Control+c");
        await page.Keyboard.TypeAsync("echo code-$?");
        await page.Keyboard.PressAsync("Enter");
        await Expect(rows).ToContainTextAsync("code-130");

        foreach (var theme in new[] { "light", "dark" })
        {
            await page.EvaluateAsync("theme => grove.setTheme(theme)", theme);
            await Browser.ScreenshotAsync(page, $"terminal-{theme}");
        }

        // A reload (or a second browser) reattaches to the same shell with its scrollback.
        await page.ReloadAsync();
        await GroveBed.WaitInteractiveAsync(page);
        await page.Locator("[data-action='toggle-terminal']").ClickAsync();
        await Expect(page.Locator("[data-test='terminal'][data-status='connected'] .xterm-rows")).ToContainTextAsync("hello-grove-23");
        await Expect(page.Locator("[data-action='select-terminal']")).ToHaveCountAsync(1);

        await page.SetViewportSizeAsync(390, 844);
        await Expect(page.Locator("[data-test='terminal-panel']")).ToBeInViewportAsync();
        // The sidebar becomes a drawer and slides out: shoot once it is gone, not mid-slide.
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Workspaces" })).Not.ToBeInViewportAsync();
        await Browser.ScreenshotAsync(page, "terminal-390-dark");

        var (_, listed) = await bed.GroveAsync("term", "shell", "--list");
        Assert.Contains("Terminal 1", listed, StringComparison.Ordinal);
        await page.Locator("[data-action='close-terminal']").ClickAsync();
        await Expect(page.Locator("[data-test='no-terminals']")).ToBeVisibleAsync();
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
