using Grove.Server.Tests.TestServices;
using Grove.Testing;
using Grove.Testing.Agents;
using Grove.Testing.Web;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Grove.Server.Tests;

/// <summary>
/// In Chromium against the real server (in-process, so a second kind of agent can be registered:
/// the real fake agent program as <see cref="FakeAgentKind.Kind"/>): the "+" menu opens a tab of that
/// kind, a message streams its reply, and the tab strip labels the tab with its agent.
/// </summary>
public sealed class AgentChoiceBrowserTests
{
    [Fact]
    public async Task A_tab_of_the_second_agent_is_opened_from_the_plus_menu_and_streams_its_reply()
    {
        await using var bed = await ServerBed.StartAsync(configureServices: services => services
            .AddFakeAgentKind()
            .AddFakeAgentKind("fake-missing", "Fake Missing", installed: false));
        using var repo = TestRepository.Create();
        var workspace = await bed.CreateWorkspaceAsync(repo, "two-agents");
        var main = await bed.PostJsonAsync($"api/workspaces/{workspace}/tabs", new { name = "main" });
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(bed.Server.LoginUrl);
        await page.GotoAsync(new Uri(bed.BaseAddress, $"/w/{workspace}/t/{main.GetProperty("id").GetString()}").ToString());
        await GroveBed.WaitInteractiveAsync(page);
        await Expect(page.Locator("[data-tab='main'] [data-test='tab-agent']")).ToHaveTextAsync("Claude");

        await page.Locator("[data-action='new-tab']").ClickAsync();
        var menu = page.Locator("[data-test='new-tab-menu']");
        await Expect(menu.Locator("[data-action='new-tab-kind'][data-kind='fake-missing']")).ToBeDisabledAsync();
        await Expect(menu.Locator("[data-kind='fake-missing'] [data-test='new-tab-kind-problem']")).ToContainTextAsync("Not installed");
        await page.EvaluateAsync("() => document.documentElement.setAttribute('data-theme', 'light')");
        await Browser.ScreenshotAsync(page, "agent-menu-light");
        await page.EvaluateAsync("() => document.documentElement.setAttribute('data-theme', 'dark')");
        await Browser.ScreenshotAsync(page, "agent-menu-dark");
        await menu.Locator("[data-action='new-tab-kind'][data-kind='fake-two']").ClickAsync();

        var tab = page.Locator("[data-tab='Agent 2']");
        await Expect(tab).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(tab.Locator("[data-test='tab-agent']")).ToHaveTextAsync("Fake");
        await Expect(tab.Locator("[data-test='tab-agent']")).ToHaveAttributeAsync("title", "Runs Fake Two");
        await GroveBed.SendMessageAsync(page, "hello from chromium");
        await Expect(page.Locator("[data-test='transcript']")).ToContainTextAsync("ok: hello from chromium", new() { Timeout = 60_000 });
        await Browser.ScreenshotAsync(page, "agent-tab-dark");
        await page.EvaluateAsync("() => document.documentElement.setAttribute('data-theme', 'light')");
        await Browser.ScreenshotAsync(page, "agent-tab-light");

        // Phone width: the strip still labels each tab, the menu stays inside the window.
        await page.SetViewportSizeAsync(390, 800);
        await page.Locator("[data-action='new-tab']").ClickAsync();
        await Expect(page.Locator("[data-test='new-tab-menu']")).ToBeVisibleAsync();
        var box = await page.Locator("[data-test='new-tab-menu']").BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"menu at x={box.X}, width {box.Width}");
        await Browser.ScreenshotAsync(page, "agent-menu-narrow-light");
        await page.EvaluateAsync("() => document.documentElement.setAttribute('data-theme', 'dark')");
        await Browser.ScreenshotAsync(page, "agent-menu-narrow-dark");
    }
}
