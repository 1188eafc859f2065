using System.Text.Json;
using Grove.Testing;
using Microsoft.Playwright;

namespace Grove.EndToEnd.Tests;

/// <summary>
/// The workspace at desktop, tablet and phone widths, light and dark: below 1100px the changes panel
/// and below 900px the sidebar become drawers opened from the header, so the conversation keeps the
/// width; on a phone-sized window one can read, send, approve and see the changes.
/// </summary>
public sealed class NarrowLayoutTests
{
    public NarrowLayoutTests() => Assertions.SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task The_conversation_keeps_the_width_and_the_toggles_open_the_panels_at_every_width()
    {
        await using var bed = await GroveBed.StartAsync();
        var (workspaceId, worktree) = await CreateWorkspaceAsync(bed, "narrow");
        var page = await bed.SignedInPageAsync($"/w/{workspaceId}");
        await page.Locator("[data-action='start-agent']").ClickAsync();
        await page.WaitForURLAsync("**/t/*");
        bed.Api.Enqueue(FakeResponse.Text("A reply that should be ", "readable on a phone as well as on a desktop screen."));
        await GroveBed.SendMessageAsync(page, "Hello from a big screen");
        await Expect(page.GetByText("readable on a phone")).ToBeVisibleAsync();
        File.WriteAllText(Path.Combine(worktree, "changed.txt"), "a change\n");

        foreach (var (width, height) in new[] { (1280, 800), (800, 900), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            if (width < 900)
            {
                await Expect(page.Locator("nav.sidebar")).Not.ToBeInViewportAsync(); // slid away before the screenshots
            }
            foreach (var theme in new[] { "light", "dark" })
            {
                await page.EvaluateAsync("theme => grove.setTheme(theme)", theme);
                await Browser.ScreenshotAsync(page, $"layout-{width}-{theme}");
            }

            var transcript = await page.Locator("[data-test='transcript']").BoundingBoxAsync();
            if (width < 1100)
            {
                // Narrow: the changes panel starts closed (a drawer) and the conversation fills the width.
                await Expect(page.Locator("[data-test='changes-panel']")).ToHaveCountAsync(0);
                transcript = await page.Locator("[data-test='transcript']").BoundingBoxAsync();
                Assert.True(transcript!.Width >= 0.6 * width, $"At {width}px the transcript is {transcript.Width}px wide.");

                await page.Locator("[data-action='toggle-changes']").ClickAsync();
                var panel = page.Locator("[data-test='changes-panel']");
                await Expect(panel.Locator("[data-file='changed.txt']")).ToBeVisibleAsync();
                await Expect(panel).ToBeInViewportAsync(new() { Ratio = 1 });
                await Browser.ScreenshotAsync(page, $"layout-{width}-changes");
                await page.Keyboard.PressAsync("Escape");
                await Expect(panel).ToHaveCountAsync(0);
                await page.Locator("[data-action='toggle-changes']").ClickAsync();
                await Expect(panel).ToBeVisibleAsync();
                await page.Mouse.ClickAsync(8, height / 2); // the backdrop, outside the drawer
                await Expect(panel).ToHaveCountAsync(0);
            }
            else
            {
                await Expect(page.Locator("[data-test='changes-panel']")).ToBeVisibleAsync();
                await Expect(page.Locator("[data-action='toggle-sidebar']")).ToBeHiddenAsync();
            }

            if (width < 900)
            {
                var sidebar = page.Locator("nav.sidebar");
                await Expect(sidebar).Not.ToBeInViewportAsync();
                await page.Locator("[data-action='toggle-sidebar']").ClickAsync();
                await Expect(sidebar).ToBeInViewportAsync(new() { Ratio = 1 });
                await Expect(sidebar.Locator("[data-workspace='narrow']")).ToBeVisibleAsync();
                await Browser.ScreenshotAsync(page, $"layout-{width}-sidebar");
                await page.Keyboard.PressAsync("Escape");
                await Expect(sidebar).Not.ToBeInViewportAsync();
                await page.Locator("[data-action='toggle-sidebar']").ClickAsync();
                await Expect(sidebar).ToBeInViewportAsync(new() { Ratio = 1 });
                await page.Mouse.ClickAsync(width - 8, height / 2);
                await Expect(sidebar).Not.ToBeInViewportAsync();
            }
        }

        // On the phone-sized window: send, approve a write, see it in the changes.
        var written = Path.Combine(worktree, "phone.txt");
        bed.Api.Enqueue(
            FakeResponse.ToolUse("Write", new { file_path = written, content = "from the phone\n" }, "toolu_phone"),
            FakeResponse.Text("Wrote phone.txt."));
        await GroveBed.SendMessageAsync(page, "Write phone.txt");
        var allow = page.Locator("[data-action='allow-once']");
        await Expect(allow).ToBeInViewportAsync();
        await Browser.ScreenshotAsync(page, "layout-390-permission");
        await allow.ClickAsync();
        await Expect(page.GetByText("Wrote phone.txt.")).ToBeVisibleAsync();
        Assert.Equal("from the phone\n", await File.ReadAllTextAsync(written, GroveBed.Ct));
        await page.Locator("[data-action='toggle-changes']").ClickAsync();
        await Expect(page.Locator("[data-test='changes-panel'] [data-file='phone.txt']")).ToBeVisibleAsync();
        bed.Api.EnsureScriptCompleted();
    }

    internal static async Task<(string Id, string Worktree)> CreateWorkspaceAsync(GroveBed bed, string name)
    {
        Assert.Equal(0, (await bed.GroveAsync("project", "add", bed.Repo.Path)).ExitCode);
        Assert.Equal(0, (await bed.GroveAsync("ws", "new", "repo", "--name", name, "--no-fetch")).ExitCode);
        var (_, show) = await bed.GroveAsync("ws", "show", name, "--json");
        var workspace = JsonDocument.Parse(show).RootElement.GetProperty("workspace");
        return (workspace.GetProperty("id").GetString()!, workspace.GetProperty("worktreePath").GetString()!);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
