using System.Text.Json;
using Grove.Testing;
using Microsoft.Playwright;

namespace Grove.EndToEnd.Tests;

/// <summary>The Run panel (start, the app's port as a link, stop) and "Restore to before this turn" in a real browser.</summary>
public sealed class RunAndRestoreTests
{
    public RunAndRestoreTests() => Assertions.SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task Run_shows_the_apps_port_as_a_link_and_restore_undoes_the_agents_turn()
    {
        await using var bed = await GroveBed.StartAsync();
        bed.Repo.Commit("run script", (".grove/worktree.json", """
            { "run": "echo serving on $GROVE_PORT; exec python3 -m http.server $GROVE_PORT --bind 127.0.0.1" }
            """));
        Assert.Equal(0, (await bed.GroveAsync("project", "add", bed.Repo.Path)).ExitCode);
        Assert.Equal(0, (await bed.GroveAsync("ws", "new", "repo", "--name", "e2e-run", "--no-fetch")).ExitCode);
        var (_, shown) = await bed.GroveAsync("ws", "show", "e2e-run", "--json");
        using var json = JsonDocument.Parse(shown);
        var workspace = json.RootElement.GetProperty("workspace");
        var worktree = workspace.GetProperty("worktreePath").GetString()!;
        var page = await bed.SignedInPageAsync($"/w/{workspace.GetProperty("id").GetString()}");
        await page.Locator("[data-action='start-agent']").ClickAsync();
        await page.Locator("[data-test='composer']").WaitForAsync();

        // Run: the app starts on the workspace's own port, which shows as a link.
        await page.Locator("[data-action='toggle-run']").ClickAsync();
        await page.Locator("[data-action='run-start']").ClickAsync();
        var link = page.Locator("[data-test='run-link']");
        await Expect(link).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^http://127\.0\.0\.1:\d+$"));
        await Expect(page.Locator("[data-test='run-output']")).ToContainTextAsync("serving on");
        await Expect(page.Locator("[data-test='run-status']")).ToHaveTextAsync("running");
        await Browser.ScreenshotAsync(page, "run-panel");

        // An agent turn writes a file; restoring to before the turn removes it again.
        var made = Path.Combine(worktree, "made.txt");
        bed.Api.Enqueue(
            FakeResponse.ToolUse("Write", new { file_path = made, content = "by the agent\n" }, "toolu_made"),
            FakeResponse.Text("Wrote made.txt."));
        await GroveBed.SendMessageAsync(page, "Write made.txt");
        await page.Locator("[data-action='allow-once']").ClickAsync();
        await Expect(page.GetByText("Wrote made.txt.")).ToBeVisibleAsync();
        Assert.True(File.Exists(made));

        await page.Locator("[data-kind='user'] [data-action='restore-turn']").Last.ClickAsync();
        await Expect(page.Locator("[data-test='restore-files'] [data-file='made.txt']")).ToContainTextAsync("removed");
        await Browser.ScreenshotAsync(page, "restore-confirm");
        await page.Locator("[data-action='confirm-restore']").ClickAsync();
        await Expect(page.Locator("[data-test='restore-dialog']")).ToHaveCountAsync(0);
        Assert.False(File.Exists(made));

        // Stop ends the app.
        await page.Locator("[data-action='run-stop']").ClickAsync();
        await Expect(page.Locator("[data-test='run-status']")).ToHaveTextAsync("stopped");
        await Expect(link).ToHaveCountAsync(0);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
