using Grove.Testing;
using Grove.Testing.Mcp;
using Microsoft.Playwright;

namespace Grove.EndToEnd.Tests;

/// <summary>
/// The MCP panel in a real browser against a real <c>grove serve</c> and the real reference MCP
/// server: a user-scope server shows connected with its tools; the project's <c>.mcp.json</c> server
/// waits for approval, then connects; Test lists its tools; Settings shows the same servers.
/// </summary>
public sealed class McpPanelTests
{
    public McpPanelTests() => Assertions.SetDefaultExpectTimeout(60_000);

    [Fact]
    public async Task The_workspace_panel_lists_servers_asks_for_trust_and_tests_them()
    {
        await using var bed = await GroveBed.StartAsync();
        File.WriteAllText(
            Path.Combine(bed.Repo.Path, ".mcp.json"),
            $$"""{ "mcpServers": { "shared": { "command": "{{McpEverything.Node}}", "args": ["{{McpEverything.EntryPath}}", "stdio"] } } }""");
        var (exit, output) = await bed.GroveAsync("mcp", "add", "everything", "--command", McpEverything.Node, "--arg", McpEverything.EntryPath, "--arg", "stdio", "--scope", "user");
        Assert.True(exit == 0, output);
        var page = await bed.SignedInPageAsync();
        await page.Locator("[data-test='add-project-path']").FillAsync(bed.Repo.Path);
        await page.Locator("[data-action='add-project']").ClickAsync();
        await Expect(page.Locator("[data-project]")).ToHaveCountAsync(1);
        await page.Locator("[data-action='new-workspace']").First.ClickAsync();
        // Typed once the dialog has loaded: a CI run lost the name's one input event to a load's re-render.
        await page.Locator("form.new-workspace[data-ready='true']").WaitForAsync();
        await page.Locator("[data-test='workspace-name']").FillAsync("mcp");
        await page.Locator("[data-action='create-workspace']").ClickAsync();
        await page.WaitForURLAsync("**/w/*/t/*");

        await page.Locator("[data-action='toggle-mcp-panel']").ClickAsync();
        var panel = page.Locator("[data-test='mcp-panel']");
        var everything = panel.Locator("[data-mcp-server='everything']");
        var shared = panel.Locator("[data-mcp-server='shared']");
        await Expect(everything).ToHaveAttributeAsync("data-status", "connected");
        await Expect(shared).ToHaveAttributeAsync("data-status", "not-trusted");
        await Expect(panel.Locator("[data-test='mcp-trust']")).ToContainTextAsync("shared (stdio)");
        await Expect(everything).ToContainTextAsync("user");
        await Browser.ScreenshotAsync(page, "mcp-panel-trust");

        await panel.Locator("[data-action='trust-mcp']").ClickAsync();
        await Expect(shared).ToHaveAttributeAsync("data-status", "connected");
        await Expect(panel.Locator("[data-test='mcp-trust']")).ToHaveCountAsync(0);
        await shared.Locator("[data-action='test-mcp']").ClickAsync();
        await Expect(shared.Locator("[data-test='mcp-tools']")).ToContainTextAsync("echo");
        await Browser.ScreenshotAsync(page, "mcp-panel-tested");

        await shared.Locator("[data-action='toggle-mcp']").UncheckAsync();
        await Expect(shared).ToHaveAttributeAsync("data-status", "disabled");

        await page.GotoAsync(new Uri(bed.Server.BaseUrl, "/settings").ToString());
        await GroveBed.WaitInteractiveAsync(page);
        var settings = page.Locator("[data-test='settings-mcp']");
        await Expect(settings.Locator("[data-mcp-server='everything']")).ToHaveAttributeAsync("data-status", "connected");
        await settings.Locator("[data-action='add-mcp']").ClickAsync();
        await settings.Locator("[data-test='mcp-name']").FillAsync("bad name");
        await settings.Locator("[data-test='mcp-command']").FillAsync("node");
        await settings.Locator("[data-action='save-mcp']").ClickAsync();
        await Expect(settings.Locator("[data-test='mcp-form-errors']")).ToContainTextAsync("The name must be");
        await settings.ScrollIntoViewIfNeededAsync();
        await Browser.ScreenshotAsync(page, "settings-mcp");
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
