using Grove.Testing;
using Microsoft.Playwright;

namespace Grove.EndToEnd.Tests;

/// <summary>
/// Comments on diff lines in a real browser against a real <c>grove serve</c>, the real Claude Code
/// CLI and the fake Anthropic API: comment on a line of the changes panel's diff, send a message,
/// and the agent's request carries file:line, the quoted code and the comment; then a range at a
/// phone width, sent on its own from the composer's chip. Screenshots light and dark, wide and narrow.
/// </summary>
public sealed class ReviewCommentsTests
{
    public ReviewCommentsTests() => Assertions.SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task Comment_on_a_diff_line_send_a_message_and_the_agent_gets_file_line_code_and_comment()
    {
        await using var bed = await GroveBed.StartAsync();
        var (workspaceId, worktree) = await NarrowLayoutTests.CreateWorkspaceAsync(bed, "review");
        File.WriteAllText(Path.Combine(worktree, "src", "app.txt"), "line 1\nline two\nline 3\nline 4\n");
        var page = await bed.SignedInPageAsync($"/w/{workspaceId}");
        await page.SetViewportSizeAsync(1280, 800);
        await page.Locator("[data-action='start-agent']").ClickAsync();
        await page.WaitForURLAsync("**/t/*");
        await page.Locator("[data-test='composer'][data-ready='true']").WaitForAsync();

        // Click the line number of line 2 in the diff, write, Ctrl+Enter.
        var panel = page.Locator("[data-test='changes-panel']");
        await panel.Locator("[data-file='src/app.txt']").ClickAsync();
        await panel.Locator(".line[data-new='2'] .gutter").ClickAsync();
        var editor = panel.Locator("[data-test='comment-editor']");
        await Expect(editor).ToHaveAttributeAsync("data-location", "src/app.txt:2");
        await editor.Locator("[data-test='comment-text']").FillAsync("Call it line 2 like the others.");
        await Screens(page, "review-comment-editor");
        await editor.Locator("[data-test='comment-text']").PressAsync("Control+Enter");

        await Expect(panel.Locator("[data-test='diff'] [data-test='review-comment']")).ToContainTextAsync("Call it line 2 like the others.");
        await Expect(panel.Locator("[data-test='pending-comments']")).ToContainTextAsync("Pending comments (1)");
        await Expect(page.Locator("[data-test='review-chip']")).ToContainTextAsync("1 review comment will be sent");
        await Screens(page, "review-comment-pending");

        // A reload keeps it.
        await page.ReloadAsync();
        await GroveBed.WaitInteractiveAsync(page);
        await Expect(page.Locator("[data-test='review-chip']")).ToHaveAttributeAsync("data-count", "1");

        // The next message carries it.
        bed.Api.Enqueue(FakeResponse.Text("Renamed it to line 2."));
        await GroveBed.SendMessageAsync(page, "Please address my review.");
        await Expect(page.GetByText("Renamed it to line 2.")).ToBeVisibleAsync();
        var sent = bed.Api.LastUserText;
        Assert.Contains("`src/app.txt:2`", sent, StringComparison.Ordinal);
        Assert.Contains("```\nline two\n```", sent, StringComparison.Ordinal);
        Assert.Contains("Call it line 2 like the others.", sent, StringComparison.Ordinal);
        Assert.True(sent.IndexOf("Call it line 2", StringComparison.Ordinal) < sent.IndexOf("Please address my review.", StringComparison.Ordinal));
        var user = page.Locator("[data-kind='user']").Last;
        await Expect(user).ToContainTextAsync("src/app.txt:2");
        await Expect(user).ToContainTextAsync("Call it line 2 like the others.");
        await Expect(page.Locator("[data-test='review-chip']")).ToHaveCountAsync(0);
        await Expect(panel.Locator("[data-test='pending-comments']")).ToHaveCountAsync(0);
        await Screens(page, "review-comment-sent");

        // At a phone width: a range (click, shift-click) in the changes drawer, sent on its own from the chip.
        await page.SetViewportSizeAsync(390, 844);
        await page.Locator("[data-action='toggle-changes']").ClickAsync();
        await panel.Locator("[data-file='src/app.txt']").ClickAsync();
        await panel.Locator(".line[data-new='3'] .gutter").ClickAsync();
        await panel.Locator(".line[data-new='4'] .gutter").ClickAsync(new() { Modifiers = [KeyboardModifier.Shift] });
        await Expect(editor).ToHaveAttributeAsync("data-location", "src/app.txt:3-4");
        await editor.Locator("[data-test='comment-text']").FillAsync("Merge these two lines.");
        await Expect(editor).ToBeInViewportAsync();
        await Screens(page, "review-comment-narrow-editor");
        await editor.Locator("[data-action='save-comment']").ClickAsync();
        await Expect(panel.Locator("[data-test='pending-comments']")).ToContainTextAsync("Pending comments (1)");
        await Screens(page, "review-comment-narrow-pending");
        await page.Keyboard.PressAsync("Escape");
        await Expect(panel).ToHaveCountAsync(0);

        bed.Api.Enqueue(FakeResponse.Text("Merged them."));
        await page.Locator("[data-action='send-comments']").ClickAsync();
        await Expect(page.GetByText("Merged them.")).ToBeVisibleAsync();
        Assert.EndsWith("`src/app.txt:3-4`\n```\nline 3\nline 4\n```\nMerge these two lines.", bed.Api.LastUserText.Trim(), StringComparison.Ordinal);
        await Expect(page.Locator("[data-test='review-chip']")).ToHaveCountAsync(0);
        await Screens(page, "review-comment-narrow-sent");
        var (exit, listed) = await bed.GroveAsync("comments", "review", "--all");
        Assert.Equal(0, exit);
        Assert.Equal(2, listed.Split("(sent)").Length - 1);
        bed.Api.EnsureScriptCompleted();
    }

    private static async Task Screens(IPage page, string name)
    {
        foreach (var theme in new[] { "light", "dark" })
        {
            await page.EvaluateAsync("theme => grove.setTheme(theme)", theme);
            await Browser.ScreenshotAsync(page, $"{name}-{theme}");
        }
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
