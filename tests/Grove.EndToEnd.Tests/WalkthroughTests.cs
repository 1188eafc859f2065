using System.Text.Json;
using Grove.Testing;
using Microsoft.Playwright;

namespace Grove.EndToEnd.Tests;

/// <summary>
/// A new user's first session, screen by screen, at a desktop (1440×900) and a phone (390×844)
/// window, light and dark: welcome, add a project, new workspace, a message, an approval, the diff,
/// a review comment, a commit, the "+" menu, Run, MCP, search, shortcuts, the conflict radar,
/// every Settings section, archive. Each screen is saved as <c>walk-*.png</c> in
/// <c>artifacts/screenshots</c> to be looked at; the checks are what a user would notice broken
/// (nothing wider than the window, controls that respond).
/// </summary>
public sealed class WalkthroughTests
{
    private static readonly (int Width, int Height)[] Sizes = [(1440, 900), (390, 844)];
    private readonly List<string> _problems = [];

    public WalkthroughTests() => Assertions.SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task A_new_user_walks_through_every_screen_at_desktop_and_phone_width_in_both_themes()
    {
        await using var bed = await GroveBed.StartAsync();
        var page = await bed.SignedInPageAsync();
        await page.SetViewportSizeAsync(1440, 900);

        // First run: nothing yet.
        await Expect(page.Locator("[data-test='welcome']")).ToBeVisibleAsync();
        await ShootAsync(page, "welcome");

        // A bad path says what is wrong in one line.
        await page.Locator("[data-test='add-project-path']").FillAsync("/no/such/folder");
        await page.Locator("[data-action='add-project']").ClickAsync();
        await Expect(page.Locator("[data-test='add-project-error']")).ToBeVisibleAsync();
        await ShootAsync(page, "welcome-error", sizes: [(1440, 900)]);
        await AssertOneLineAsync(page.Locator("[data-test='add-project-error']"));

        await page.Locator("[data-test='add-project-path']").FillAsync(bed.Repo.Path);
        await page.Locator("[data-action='add-project']").ClickAsync();
        await Expect(page.Locator("[data-project]")).ToHaveCountAsync(1);
        await ShootAsync(page, "home-no-workspaces");

        // New workspace.
        await page.Locator("[data-action='new-workspace']").First.ClickAsync();
        // Typed once the dialog has loaded: a CI run lost the name's one input event to a load's re-render.
        await page.Locator("form.new-workspace[data-ready='true']").WaitForAsync();
        await page.Locator("[data-test='workspace-name']").FillAsync("walk");
        await ShootAsync(page, "new-workspace");
        await page.SetViewportSizeAsync(1440, 900);
        await page.Locator("[data-action='create-workspace']").ClickAsync();
        await page.WaitForURLAsync("**/w/*/t/*");
        await page.Locator("[data-test='composer'][data-ready='true']").WaitForAsync();
        var worktree = await WorktreeAsync(bed, "walk");

        // A message, a write to approve.
        bed.Api.Enqueue(
            FakeResponse.ToolUse("Write", new { file_path = Path.Combine(worktree, "notes.txt"), content = "first line\nsecond line\n" }, "toolu_walk"),
            FakeResponse.Text("I wrote **notes.txt** with two lines."));
        await GroveBed.SendMessageAsync(page, "Write notes.txt with two lines");
        await page.Locator("[data-action='allow-once']").WaitForAsync();
        await ShootAsync(page, "permission");
        await page.SetViewportSizeAsync(1440, 900);
        await page.Locator("[data-action='allow-once']").ClickAsync();
        await Expect(page.GetByText("with two lines.")).ToBeVisibleAsync();

        // The diff, then a comment on a line.
        var panel = page.Locator("[data-test='changes-panel']");
        await panel.Locator("[data-file='notes.txt']").ClickAsync();
        await Expect(panel.Locator("[data-test='diff']")).ToContainTextAsync("second line");
        await ShootAsync(page, "diff", sizes: [(1440, 900)]);
        await page.SetViewportSizeAsync(390, 844);
        await page.Locator("[data-action='toggle-changes']").ClickAsync();
        await panel.Locator("[data-file='notes.txt']").ClickAsync();
        await Expect(panel.Locator("[data-test='diff']")).ToContainTextAsync("second line");
        await ShootThemesAsync(page, "diff-390-drawer");
        await page.Keyboard.PressAsync("Escape");
        await page.SetViewportSizeAsync(1440, 900);
        await Expect(panel).ToBeVisibleAsync();

        // Opening a file's diff is idempotent: open it whether or not the wide panel kept it open.
        await panel.Locator("[data-file='notes.txt']").ClickAsync();
        await Expect(panel.Locator("[data-test='diff']")).ToContainTextAsync("second line");
        await panel.Locator(".line[data-new='2'] .gutter").ClickAsync();
        var editor = panel.Locator("[data-test='comment-editor']");
        await editor.Locator("[data-test='comment-text']").FillAsync("Say which line this is.");
        await ShootThemesAsync(page, "comment-editor-1440");
        await editor.Locator("[data-test='comment-text']").PressAsync("Control+Enter");
        await Expect(panel.Locator("[data-test='pending-comments']")).ToContainTextAsync("Pending comments (1)");
        await ShootAsync(page, "comment-pending", sizes: [(1440, 900)]);

        // Commit.
        await panel.Locator("[data-action='stage-all']").ClickAsync();
        await panel.Locator("[data-test='commit-message']").FillAsync("Add notes");
        await panel.Locator("[data-action='commit']").ClickAsync();
        await Expect(panel.Locator("[data-file]")).ToHaveCountAsync(0);
        await ShootAsync(page, "committed");
        await page.SetViewportSizeAsync(1440, 900);

        // The "+" menu (which agent), Run with no script, MCP, the terminal.
        await page.Locator("[data-action='new-tab']").ClickAsync();
        await Expect(page.Locator("[data-test='new-tab-menu']")).ToBeVisibleAsync();
        await ShootThemesAsync(page, "new-tab-menu-1440");
        await page.Keyboard.PressAsync("Escape");
        if (await page.Locator(".tab-menu-backdrop").CountAsync() > 0)
        {
            await page.Locator(".tab-menu-backdrop").ClickAsync();
        }

        await page.Locator("[data-action='toggle-run']").ClickAsync();
        await Expect(page.Locator("[data-test='run-panel']")).ToContainTextAsync("no run script");
        await ShootAsync(page, "run-no-script");
        await page.SetViewportSizeAsync(1440, 900);
        await page.Locator("[data-action='toggle-run']").ClickAsync();
        await page.Locator("[data-action='toggle-mcp-panel']").ClickAsync();
        await Expect(page.Locator("[data-test='mcp-panel']")).ToBeVisibleAsync();
        await ShootAsync(page, "mcp-panel", sizes: [(1440, 900)]);
        await page.Locator("[data-action='toggle-changes']").ClickAsync();

        // The conflict radar: a second workspace changes the same file differently.
        Assert.Equal(0, (await bed.GroveAsync("ws", "new", "repo", "--name", "walk-two", "--no-fetch")).ExitCode);
        var other = await WorktreeAsync(bed, "walk-two");
        await File.WriteAllTextAsync(Path.Combine(other, "notes.txt"), "another first line\n", GroveBed.Ct);
        await page.ReloadAsync();
        await GroveBed.WaitInteractiveAsync(page);
        await Expect(page.Locator("[data-test='conflict-mark']").First).ToBeVisibleAsync();
        await ShootAsync(page, "conflicts");
        await page.SetViewportSizeAsync(1440, 900);

        // Search with no match, then the shortcuts.
        await page.Locator("[data-test='workspace-search']").FillAsync("zzz");
        await Expect(page.Locator("[data-test='search-empty']")).ToBeVisibleAsync();
        await ShootAsync(page, "search-empty", sizes: [(1440, 900)]);
        await page.Locator("[data-test='workspace-search']").FillAsync(string.Empty);
        await page.Locator("[data-test='workspace-search']").BlurAsync();
        await page.Keyboard.PressAsync("?");
        await Expect(page.Locator("[data-test='shortcuts-help']")).ToBeVisibleAsync();
        await ShootAsync(page, "shortcuts");
        await page.SetViewportSizeAsync(1440, 900);
        await page.Keyboard.PressAsync("Escape");

        // Settings: every section.
        await page.Locator("[data-action='open-settings']").ClickAsync();
        await Expect(page.Locator("[data-test='settings']")).ToBeVisibleAsync();
        await ShootAsync(page, "settings-top");
        await page.SetViewportSizeAsync(1440, 900);
        var sections = page.Locator("[data-test='settings'] section.settings-section");
        var count = await sections.CountAsync();
        for (var i = 0; i < count; i++)
        {
            var section = sections.Nth(i);
            var name = await section.GetAttributeAsync("data-test") ?? $"section-{i}";
            foreach (var (width, height) in Sizes)
            {
                await page.SetViewportSizeAsync(width, height);
                if (width < 900)
                {
                    await Expect(page.Locator("nav.sidebar")).Not.ToBeInViewportAsync();
                }

                await section.ScrollIntoViewIfNeededAsync();
                await page.EvaluateAsync("theme => grove.setTheme(theme)", width > 900 ? "dark" : "light");
                await Browser.ScreenshotAsync(page, $"walk-{name}-{width}-{(width > 900 ? "dark" : "light")}");
                await AssertNoHorizontalOverflowAsync(page, $"{name} at {width}px");
            }
        }

        await page.SetViewportSizeAsync(1440, 900);
        await page.GoBackAsync();
        await GroveBed.WaitInteractiveAsync(page);

        // Archive from the sidebar: the toast offers Undo.
        var item = page.Locator("nav.sidebar [data-workspace='walk-two']");
        await item.HoverAsync();
        await item.Locator("[data-action='archive-workspace']").ClickAsync();
        await Expect(page.Locator("[data-action='undo']")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-test='conflict-mark']")).ToHaveCountAsync(0); // no conflict with an archived workspace
        await Expect(page.Locator("[data-test='conflicts']")).ToHaveCountAsync(0);
        await ShootAsync(page, "archived", sizes: [(1440, 900)]);
        bed.Api.EnsureScriptCompleted();
        Assert.Empty(_problems);
    }

    /// <summary>The current screen at each size, light and dark; and nothing wider than the window.</summary>
    private async Task ShootAsync(IPage page, string name, (int Width, int Height)[]? sizes = null)
    {
        foreach (var (width, height) in sizes ?? Sizes)
        {
            await page.SetViewportSizeAsync(width, height);
            if (width < 900)
            {
                await Expect(page.Locator("nav.sidebar")).Not.ToBeInViewportAsync(); // slid away (a drawer) before the screenshots
            }

            await ShootThemesAsync(page, $"{name}-{width}");
            await AssertNoHorizontalOverflowAsync(page, $"{name} at {width}px");
            if (width < 600)
            {
                await AssertPhoneLayoutAsync(page, $"{name} at {width}px");
            }
        }

        await page.SetViewportSizeAsync(1440, 900);
    }

    private static async Task ShootThemesAsync(IPage page, string name)
    {
        foreach (var theme in new[] { "light", "dark" })
        {
            await page.EvaluateAsync("theme => grove.setTheme(theme)", theme);
            await Browser.ScreenshotAsync(page, $"walk-{name}-{theme}");
        }
    }

    /// <summary>The page never scrolls sideways: a phone user cannot reach what is cut off.</summary>
    private async Task AssertNoHorizontalOverflowAsync(IPage page, string where)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        if (overflow > 0)
        {
            _problems.Add($"{where}: the page is {overflow}px wider than the window.");
        }
    }

    /// <summary>
    /// On a phone the workspace header takes two rows at most (the conversation keeps the height), and
    /// a toast on the screen does not cover the message box.
    /// </summary>
    private async Task AssertPhoneLayoutAsync(IPage page, string where)
    {
        var rows = await page.EvaluateAsync<int>("""
            () => {
                const head = document.querySelector('.workspace-head');
                if (!head) return 0;
                const boxes = [...head.children].map(e => e.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0).sort((a, b) => a.top - b.top);
                let rows = 0, bottom = -Infinity;
                for (const r of boxes) {
                    if (r.top >= bottom - 1) { rows++; bottom = r.bottom; } else { bottom = Math.max(bottom, r.bottom); }
                }
                return rows;
            }
            """);
        if (rows > 2)
        {
            _problems.Add($"{where}: the workspace header takes {rows} rows.");
        }

        var covered = await page.EvaluateAsync<int>("""
            () => {
                const composer = document.querySelector('.composer');
                if (!composer) return 0;
                const c = composer.getBoundingClientRect();
                return [...document.querySelectorAll('[data-toast]')].map(t => t.getBoundingClientRect())
                    .filter(t => t.left < c.right && t.right > c.left && t.top < c.bottom && t.bottom > c.top).length;
            }
            """);
        if (covered > 0)
        {
            _problems.Add($"{where}: a toast covers the message box.");
        }
    }

    private static async Task AssertOneLineAsync(ILocator error)
    {
        var text = await error.InnerTextAsync();
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
    }

    private static async Task<string> WorktreeAsync(GroveBed bed, string workspace)
    {
        var (exitCode, output) = await bed.GroveAsync("ws", "show", workspace, "--json");
        Assert.True(exitCode == 0, output);
        using var json = JsonDocument.Parse(output);
        return json.RootElement.GetProperty("workspace").GetProperty("worktreePath").GetString()!;
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
