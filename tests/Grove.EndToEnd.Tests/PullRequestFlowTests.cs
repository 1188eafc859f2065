using System.Text.Json;
using Grove.Testing;
using Grove.Testing.FakeGitHub;
using Microsoft.Playwright;

namespace Grove.EndToEnd.Tests;

/// <summary>
/// The pull request loop in a real browser against a real <c>grove serve</c>: the fake GitHub is
/// origin's API (pushes go to a local bare repository), the real Claude Code CLI talks to the fake
/// Anthropic API. Create a PR from the changes panel, see the badge and the checks (one failing),
/// "Fix" and send (the agent's request carries the check's output), merge and see it merged.
/// </summary>
public sealed class PullRequestFlowTests
{
    public PullRequestFlowTests() => Assertions.SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task Create_a_pull_request_see_checks_send_the_failing_one_to_the_agent_and_merge()
    {
        await using var github = await FakeGitHubServer.StartAsync(cancellationToken: GroveBed.Ct);
        using var repo = TestRepository.Create(withRemote: true);
        github.UseAsOriginOf(repo);
        await using var bed = await GroveBed.StartAsync();
        Assert.Equal(0, (await bed.GroveAsync("config", "set", "github.api_url", github.BaseUrl.AbsoluteUri)).ExitCode);
        Assert.Equal(0, (await GroveProcess.RunAsync(bed.Environment, ["secret", "set", "github.token"], github.Token + "\n", GroveBed.Ct)).ExitCode);
        Assert.Equal(0, (await bed.GroveAsync("project", "add", repo.Path, "--name", "hello")).ExitCode);
        Assert.Equal(0, (await bed.GroveAsync("ws", "new", "hello", "--name", "fix-greeting", "--no-fetch")).ExitCode);
        var (_, show) = await bed.GroveAsync("ws", "show", "fix-greeting", "--json");
        var workspace = JsonDocument.Parse(show).RootElement.GetProperty("workspace");
        var workspaceId = workspace.GetProperty("id").GetString()!;
        var worktree = workspace.GetProperty("worktreePath").GetString()!;
        await File.WriteAllTextAsync(Path.Combine(worktree, "greeting.txt"), "hello\n", GroveBed.Ct);
        TestGit.Run(worktree, "add", "greeting.txt");
        TestGit.Run(worktree, "commit", "-m", "Add a greeting", "-m", "The greeting the app shows.");

        var page = await bed.SignedInPageAsync($"/w/{workspaceId}");
        await page.Locator("[data-action='start-agent']").ClickAsync();
        await page.WaitForURLAsync("**/t/*");
        var bar = page.Locator("[data-test='pr-bar']");
        if (await bar.CountAsync() == 0)
        {
            await page.Locator("[data-action='toggle-changes']").ClickAsync();
        }

        // Create: the dialog is prefilled from the commit; the branch is pushed, the PR opened.
        await Expect(bar).ToHaveAttributeAsync("data-pr-view", "none");
        await page.Locator("[data-action='create-pr']").ClickAsync();
        await Expect(page.Locator("[data-test='pr-title']")).ToHaveValueAsync("Add a greeting");
        await Expect(page.Locator("[data-test='pr-body']")).ToHaveValueAsync("The greeting the app shows.");
        await Browser.ScreenshotAsync(page, "pr-create-dialog");
        await page.Locator("[data-action='confirm-create-pr']").ClickAsync();
        await Expect(page.Locator("[data-test='pr-bar-state']")).ToHaveAttributeAsync("data-pr-state", "open");
        var pull = Assert.Single(github.PullRequests);
        Assert.Equal(("Add a greeting", "fix-greeting", "main"), (pull.Title, pull.Head, pull.Base));

        // Checks arrive on GitHub: one passes, one fails. A refresh shows them, and the sidebar's dot turns red.
        github.AddCheckRun(pull.HeadSha, new FakeCheckRun("build", "success"));
        github.AddCheckRun(pull.HeadSha, new FakeCheckRun("unit-tests", "failure", "1 test failed", "GreetingTests failed", "GreetingTests.SaysHello: expected 'Hello' but was 'hello'"));
        await page.Locator("[data-action='refresh-pr']").ClickAsync();
        await Expect(page.Locator("[data-test='pr-checks-summary']")).ToContainTextAsync("1 passed · 1 failed · 0 pending");
        var sidebarItem = page.Locator("[data-workspace='fix-greeting']");
        await Expect(sidebarItem.Locator("[data-test='pr-state']")).ToHaveAttributeAsync("data-pr-state", "open");
        await Expect(sidebarItem.Locator("[data-test='pr-checks']")).ToHaveAttributeAsync("data-checks", "failed");
        await page.Locator("[data-action='toggle-checks']").ClickAsync();
        await Expect(page.Locator("[data-check='unit-tests']")).ToHaveAttributeAsync("data-outcome", "failed");
        await page.EvaluateAsync("() => document.documentElement.setAttribute('data-theme', 'light')");
        await Browser.ScreenshotAsync(page, "pr-bar-checks-light");
        await page.EvaluateAsync("() => document.documentElement.setAttribute('data-theme', 'dark')");
        await Browser.ScreenshotAsync(page, "pr-bar-checks-dark");

        // Fix: the failing check's output lands in the message box; the user sends it.
        await page.Locator("[data-action='fix-checks']").ClickAsync();
        var composer = page.Locator("[data-test='composer']");
        await Expect(composer).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("GreetingTests.SaysHello"));
        bed.Api.Enqueue(FakeResponse.Text("I will fix the greeting."));
        await page.Locator("[data-action='send']").ClickAsync();
        await Expect(page.GetByText("I will fix the greeting.")).ToBeVisibleAsync();
        var sent = bed.Api.Requests.Where(r => r.Path.EndsWith("/messages", StringComparison.Ordinal)).Select(r => r.BodyText).ToList();
        Assert.Contains(sent, body => body.Contains("unit-tests", StringComparison.Ordinal) && body.Contains("GreetingTests.SaysHello: expected 'Hello' but was 'hello'", StringComparison.Ordinal));
        Assert.DoesNotContain(sent, body => body.Contains("### build", StringComparison.Ordinal));

        // Narrow window: the changes panel closes (a drawer); opened again, it shows the PR bar.
        await page.SetViewportSizeAsync(700, 900);
        await Expect(page.Locator("[data-test='changes-panel']")).ToHaveCountAsync(0);
        await page.Locator("[data-action='toggle-changes']").ClickAsync();
        await Expect(bar).ToBeVisibleAsync();
        await Expect(page.Locator("[data-test='pr-bar-state']")).ToHaveAttributeAsync("data-pr-state", "open");
        await Browser.ScreenshotAsync(page, "pr-bar-narrow-dark");
        await page.EvaluateAsync("() => document.documentElement.setAttribute('data-theme', 'light')");
        await Browser.ScreenshotAsync(page, "pr-bar-narrow-light");
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator("[data-test='changes-panel']")).ToHaveCountAsync(0);
        // Wide again: the panel comes back as the user left it in the wide window (open), with the PR bar.
        await page.SetViewportSizeAsync(1400, 900);
        await Expect(page.Locator("[data-test='pr-bar-state']")).ToHaveAttributeAsync("data-pr-state", "open");

        // Merge from the UI (squash, delete the branch): merged, and the workspace may be archived.
        await page.Locator("[data-action='merge-pr']").ClickAsync();
        await Expect(page.Locator("[data-test='pr-merge-dialog']")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "pr-merge-dialog-light");
        await page.Locator("[data-action='confirm-merge-pr']").ClickAsync();
        await Expect(page.Locator("[data-test='pr-bar-state']")).ToHaveAttributeAsync("data-pr-state", "merged");
        await Expect(sidebarItem.Locator("[data-test='pr-state']")).ToHaveAttributeAsync("data-pr-state", "merged");
        await Expect(page.Locator("[data-action='archive-merged-workspace']")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-action='fix-checks']")).ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(page, "pr-bar-merged-light");
        Assert.True(github.PullRequests[0].Merged);
        Assert.Equal("squash", github.PullRequests[0].MergeMethod);
        Assert.Contains("fix-greeting", github.DeletedBranches);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
