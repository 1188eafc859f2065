using System.Text.Json;
using Grove.Testing;
using Microsoft.Playwright;

namespace Grove.EndToEnd.Tests;

/// <summary>
/// The whole daily loop in a real browser against a real <c>grove serve</c>, the real Claude Code
/// CLI and the scripted fake Anthropic API: add a repository, create a workspace, talk to the
/// agent, approve and deny writes, plan then implement, commit, reload.
/// </summary>
public sealed class WorkspaceFlowTests
{
    public WorkspaceFlowTests() => Assertions.SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task Add_a_repo_create_a_workspace_chat_approve_deny_plan_commit_and_reload()
    {
        await using var bed = await GroveBed.StartAsync();
        var page = await bed.SignedInPageAsync();

        // First run: add the repository from the welcome page, then create a workspace in the dialog.
        await page.Locator("[data-test='add-project-path']").FillAsync(bed.Repo.Path);
        await page.Locator("[data-action='add-project']").ClickAsync();
        await Expect(page.Locator("[data-project]")).ToHaveCountAsync(1);
        await page.Locator("[data-action='new-workspace']").First.ClickAsync();
        // Typed once the dialog has loaded: a CI run lost the name's one input event to a load's re-render.
        await page.Locator("form.new-workspace[data-ready='true']").WaitForAsync();
        await page.Locator("[data-test='workspace-name']").FillAsync("e2e-flow");
        await Browser.ScreenshotAsync(page, "new-workspace-dialog");
        await page.Locator("[data-action='create-workspace']").ClickAsync();
        await page.WaitForURLAsync("**/w/*/t/*");
        await page.Locator("[data-test='composer']").WaitForAsync();
        var worktree = await WorktreeAsync(bed, "e2e-flow");

        // A streamed reply.
        bed.Api.Enqueue(FakeResponse.Text("Hello ", "from ", "the fake model."));
        await SendAsync(page, "Say hello");
        await Expect(page.Locator("[data-kind='assistant']").Filter(new LocatorFilterOptions { HasText = "Hello from the fake model." })).ToBeVisibleAsync();

        // A Write the user allows: the file lands and shows in the changes panel.
        var allowed = Path.Combine(worktree, "notes.txt");
        bed.Api.Enqueue(
            FakeResponse.ToolUse("Write", new { file_path = allowed, content = "written by the agent\n" }, "toolu_allowed"),
            FakeResponse.Text("Wrote notes.txt."));
        await SendAsync(page, "Write notes.txt");
        var allow = page.Locator("[data-action='allow-once']");
        await allow.WaitForAsync();
        await Browser.ScreenshotAsync(page, "permission-request");
        await Expect(page.Locator("[data-tool='Write'] .tool-title").First).ToHaveTextAsync("notes.txt"); // relative to the worktree
        await allow.ClickAsync();
        await Expect(page.GetByText("Wrote notes.txt.")).ToBeVisibleAsync();
        Assert.Equal("written by the agent\n", await File.ReadAllTextAsync(allowed, GroveBed.Ct));
        await Expect(page.Locator("[data-test='changes-panel'] [data-file='notes.txt']")).ToBeVisibleAsync();

        // A Write the user denies: nothing is written.
        var denied = Path.Combine(worktree, "denied.txt");
        bed.Api.Enqueue(
            FakeResponse.ToolUse("Write", new { file_path = denied, content = "should not exist\n" }, "toolu_denied"),
            FakeResponse.Text("OK, I won't write it."));
        await SendAsync(page, "Write denied.txt");
        var deny = page.Locator("[data-action='deny']");
        await deny.WaitForAsync();
        await deny.ClickAsync();
        await Expect(page.GetByText("OK, I won't write it.")).ToBeVisibleAsync();
        Assert.False(File.Exists(denied));
        Assert.True(bed.Api.FindToolResult("toolu_denied")!.IsError);

        // Plan mode, then Implement: the plan is approved and the same session carries on.
        var planned = Path.Combine(worktree, "planned.txt");
        bed.Api.Enqueue(
            FakeResponse.ToolUse("ExitPlanMode", new { plan = "1. Create planned.txt" }, "toolu_plan"),
            FakeResponse.ToolUse("Write", new { file_path = planned, content = "implemented\n" }, "toolu_impl"),
            FakeResponse.Text("Implemented the plan."));
        await SendAsync(page, "/plan");
        await Expect(page.Locator("[data-test='mode']")).ToHaveValueAsync("Plan");
        await SendAsync(page, "Plan then create planned.txt");
        var implement = page.Locator("[data-action='implement']");
        await implement.WaitForAsync();
        await Browser.ScreenshotAsync(page, "plan");
        await implement.ClickAsync();
        await page.Locator("[data-action='allow-once']").Last.ClickAsync();
        await Expect(page.GetByText("Implemented the plan.")).ToBeVisibleAsync();
        Assert.Equal("implemented\n", await File.ReadAllTextAsync(planned, GroveBed.Ct));

        // Commit from the changes panel.
        var panel = page.Locator("[data-test='changes-panel']");
        await panel.Locator("[data-file='notes.txt']").ClickAsync();
        await Expect(panel.Locator("[data-test='diff']")).ToContainTextAsync("written by the agent");
        await Browser.ScreenshotAsync(page, "changes-diff");
        await panel.Locator("[data-action='stage-all']").ClickAsync();
        await panel.Locator("[data-test='commit-message']").FillAsync("Add notes and the plan");
        await panel.Locator("[data-action='commit']").ClickAsync();
        await Expect(panel.Locator("[data-file]")).ToHaveCountAsync(0);
        Assert.Contains("Add notes and the plan", TestGit.Run(worktree, "log", "-1", "--format=%s"), StringComparison.Ordinal);

        // A reload shows the same transcript.
        var before = await page.Locator("[data-kind='assistant']").AllInnerTextsAsync();
        await page.ReloadAsync();
        await GroveBed.WaitInteractiveAsync(page);
        await Expect(page.GetByText("Implemented the plan.")).ToBeVisibleAsync();
        var after = await page.Locator("[data-kind='assistant']").AllInnerTextsAsync();
        Assert.Equal(before, after);
        // What was decided is still shown: the choice is stored with the decision.
        await Expect(page.Locator("[data-test='approval'][data-state='allowed']").First).ToHaveTextAsync("Allowed once.");
        await Expect(page.Locator("[data-test='approval'][data-state='denied']").First).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "workspace-after-reload");
        bed.Api.EnsureScriptCompleted();
    }

    private static Task SendAsync(IPage page, string text) => GroveBed.SendMessageAsync(page, text);

    private static async Task<string> WorktreeAsync(GroveBed bed, string workspace)
    {
        var (exitCode, output) = await bed.GroveAsync("ws", "show", workspace, "--json");
        Assert.True(exitCode == 0, output);
        using var json = JsonDocument.Parse(output);
        return json.RootElement.GetProperty("workspace").GetProperty("worktreePath").GetString()!;
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
