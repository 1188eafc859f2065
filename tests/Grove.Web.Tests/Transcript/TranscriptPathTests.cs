using Grove.Testing;

namespace Grove.Web.Tests.Transcript;

/// <summary>Tool cards show paths relative to the worktree; an approval says where the blocked path is.</summary>
public sealed class TranscriptPathTests : TranscriptUiTest
{
    [Fact]
    public async Task Read_edit_and_grep_cards_show_paths_inside_the_worktree_relative_and_others_absolute()
    {
        using var repo = TestRepository.Create();
        repo.WriteFile("src/app.cs", "class App {}\n");
        await CreateTabAsync(repo);
        var inside = Path.Combine(repo.Path, "src", "app.cs");
        await StoreAsync(
            Ev.User("look"),
            Ev.Tool("t1", "Read", new { file_path = inside }),
            Ev.Result("t1", "class App {}"),
            Ev.Tool("t2", "Edit", new { file_path = inside, old_string = "App", new_string = "Program" }),
            Ev.Result("t2", "ok"),
            Ev.Tool("t3", "Grep", new { pattern = "App", path = Path.Combine(repo.Path, "src") }),
            Ev.Result("t3", "src/app.cs"),
            Ev.Tool("t4", "Read", new { file_path = "/etc/hostname" }),
            Ev.Result("t4", "box"));

        var view = RenderTranscript();

        Assert.Equal("src/app.cs", view.Find("[data-tool=Read] .tool-title").TextContent);
        Assert.Equal("src/app.cs", view.Find("[data-tool=Edit] .tool-title").TextContent);
        Assert.Equal("\"App\" in src", view.Find("[data-tool=Grep] .tool-title").TextContent);
        Assert.Equal("/etc/hostname", view.FindAll("[data-tool=Read] .tool-title")[1].TextContent);
        Assert.DoesNotContain(repo.Path, view.Find("[data-tool=Edit] .tool-head").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blocked_path_inside_the_worktree_is_not_called_outside()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        var input = new { command = "echo hi > notes/out.txt" };
        var request = Ev.Ask("r1", "t1", "Bash", input) with { BlockedPath = Path.Combine(repo.Path, "notes", "out.txt"), DecisionReason = "rule" };
        await StoreAsync(Ev.User("write"), Ev.Tool("t1", "Bash", input), request);
        Runs.Busy = true;
        AddPending(request);

        var view = RenderTranscript();

        var reason = view.Find("[data-test=approval-reason]");
        Assert.Equal("false", reason.GetAttribute("data-outside"));
        Assert.Contains("notes/out.txt (inside this workspace)", reason.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("outside", reason.TextContent, StringComparison.Ordinal);
        Assert.Contains("permission rule", reason.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blocked_path_outside_the_worktree_is_a_warning()
    {
        using var repo = TestRepository.Create();
        using var elsewhere = new TempDirectory("outside");
        await CreateTabAsync(repo);
        var target = Path.Combine(elsewhere.Path, "out.txt");
        var input = new { command = $"echo hi > {target}" };
        var request = Ev.Ask("r1", "t1", "Bash", input) with { BlockedPath = target };
        await StoreAsync(Ev.User("write"), Ev.Tool("t1", "Bash", input), request);
        Runs.Busy = true;
        AddPending(request);

        var view = RenderTranscript();

        var reason = view.Find("[data-test=approval-reason]");
        Assert.Equal("true", reason.GetAttribute("data-outside"));
        Assert.Equal($"It would write outside this workspace: {target}", reason.TextContent);
    }
}
