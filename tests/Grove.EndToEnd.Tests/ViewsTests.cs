using System.Text.Json;
using Grove.Testing;
using Microsoft.Playwright;

namespace Grove.EndToEnd.Tests;

/// <summary>Settings, themes, shortcuts and export in the real browser.</summary>
public sealed class ViewsTests
{
    public ViewsTests() => Assertions.SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task Settings_show_secrets_masked_and_the_theme_switches_and_sticks()
    {
        await using var bed = await GroveBed.StartAsync();
        var page = await bed.SignedInPageAsync();

        await page.Locator("[data-action='open-settings']").ClickAsync();
        await Expect(page.Locator("[data-secret='anthropic.api_key']")).ToHaveAttributeAsync("data-state", "set");
        Assert.DoesNotContain("test-key", await page.ContentAsync(), StringComparison.Ordinal);
        await page.Locator("[data-action='theme-light']").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "light");
        await Browser.ScreenshotAsync(page, "settings-light");

        await page.Locator("[data-action='theme-dark']").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await page.ReloadAsync();
        await GroveBed.WaitInteractiveAsync(page);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await Browser.ScreenshotAsync(page, "settings-dark");
    }

    [Fact]
    public async Task A_turn_started_in_the_ui_exports_as_markdown_and_the_shortcuts_are_listed()
    {
        await using var bed = await GroveBed.StartAsync();
        Assert.Equal(0, (await bed.GroveAsync("project", "add", bed.Repo.Path)).ExitCode);
        Assert.Equal(0, (await bed.GroveAsync("ws", "new", "repo", "--name", "views", "--no-fetch")).ExitCode);
        var (_, show) = await bed.GroveAsync("ws", "show", "views", "--json");
        var workspaceId = JsonDocument.Parse(show).RootElement.GetProperty("workspace").GetProperty("id").GetString();
        var page = await bed.SignedInPageAsync($"/w/{workspaceId}");

        await page.Locator("[data-action='start-agent']").ClickAsync();
        await page.WaitForURLAsync("**/t/*");
        bed.Api.Enqueue(FakeResponse.Text("Exported ", "reply."));
        await GroveBed.SendMessageAsync(page, "Please answer for the export");
        await Expect(page.GetByText("Exported reply.")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => document.documentElement.setAttribute('data-theme', 'dark')");
        await Browser.ScreenshotAsync(page, "workspace-dark");

        // Export: the link the tab menu offers downloads the conversation as Markdown.
        await page.Locator("[data-action='tab-menu']").First.ClickAsync();
        var href = await page.Locator("[data-action='export-markdown']").GetAttributeAsync("href");
        var export = await page.Context.APIRequest.GetAsync(new Uri(bed.Server.BaseUrl, href!).ToString());
        Assert.Equal(200, export.Status);
        var markdown = await export.TextAsync();
        Assert.Contains("Please answer for the export", markdown, StringComparison.Ordinal);
        Assert.Contains("Exported reply.", markdown, StringComparison.Ordinal);
        await page.Locator(".tab-menu-backdrop").ClickAsync();

        // "?" outside a text box lists the shortcuts.
        await page.Locator("[data-test='composer']").BlurAsync();
        await page.Keyboard.PressAsync("?");
        await Expect(page.Locator("[data-test='shortcuts-help']")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-test='shortcuts-help']")).ToContainTextAsync("Alt+Shift+N");
        await Browser.ScreenshotAsync(page, "shortcuts-help");
        bed.Api.EnsureScriptCompleted();
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
