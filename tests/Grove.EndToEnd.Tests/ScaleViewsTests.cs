using System.Text.Json;
using System.Text.RegularExpressions;
using Grove.Testing;
using Microsoft.Playwright;

namespace Grove.EndToEnd.Tests;

/// <summary>The conflict radar and per-agent CPU and memory in the real browser.</summary>
public sealed partial class ScaleViewsTests
{
    public ScaleViewsTests() => Assertions.SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task Two_workspaces_editing_the_same_line_are_marked_and_a_running_agent_shows_its_cpu_and_memory()
    {
        await using var bed = await GroveBed.StartAsync();
        bed.Repo.Commit("shared", ("shared.txt", "one\ntwo\nthree\n"));
        Assert.Equal(0, (await bed.GroveAsync("project", "add", bed.Repo.Path)).ExitCode);
        var ids = new Dictionary<string, string>();
        foreach (var (name, text) in new[] { ("left", "ONE\ntwo\nthree\n"), ("right", "uno\ntwo\nthree\n") })
        {
            Assert.Equal(0, (await bed.GroveAsync("ws", "new", "repo", "--name", name, "--no-fetch")).ExitCode);
            var workspace = JsonDocument.Parse((await bed.GroveAsync("ws", "show", name, "--json")).Output).RootElement.GetProperty("workspace");
            ids[name] = workspace.GetProperty("id").GetString()!;
            File.WriteAllText(Path.Combine(workspace.GetProperty("worktreePath").GetString()!, "shared.txt"), text);
        }

        var page = await bed.SignedInPageAsync($"/w/{ids["left"]}");
        await page.Locator("[data-action='start-agent']").ClickAsync();
        await page.WaitForURLAsync("**/t/*");
        bed.Api.Enqueue(FakeResponse.Text("Done here."));
        await GroveBed.SendMessageAsync(page, "Say done");
        await Expect(page.GetByText("Done here.")).ToBeVisibleAsync();

        var mark = page.Locator("[data-workspace='left'] [data-test='conflict-mark']");
        await Expect(mark).ToBeVisibleAsync();
        await Expect(mark).ToHaveAttributeAsync("title", "Would conflict with right (shared.txt)");
        await Expect(page.Locator("[data-workspace='right'] [data-test='conflict-mark']")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-test='conflicts'] [data-conflict-with='right']")).ToContainTextAsync("Would conflict with right");
        await Expect(page.Locator("[data-test='tab-usage']")).ToHaveTextAsync(Usage());
        await Expect(page.Locator("[data-workspace='left'] [data-test='workspace-usage']")).ToHaveTextAsync(Usage());
        await Browser.ScreenshotAsync(page, "conflict-radar-and-usage");
        bed.Api.EnsureScriptCompleted();
    }

    [GeneratedRegex(@"^\d+% · \d+ MB$")]
    private static partial Regex Usage();

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
