using AngleSharp.Dom;
using Grove.Core.Agents;
using Grove.Testing;

namespace Grove.Web.Tests.Transcript;

public sealed class TranscriptCardTests : TranscriptUiTest
{
    [Fact]
    public async Task Messages_render_as_user_bubble_markdown_and_collapsed_thinking()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        var stored = await StoreAsync(
            Ev.User("Fix <the> login"),
            Ev.Thinking("m1", "The bug is in **auth**."),
            Ev.Text("m1", "Found it in `auth.cs`:\n\n```cs\nvar ok = true;\n```"));

        var view = RenderTranscript();

        var user = view.Find("[data-kind=user]");
        Assert.Equal("Fix <the> login", user.QuerySelector(".bubble")!.TextContent);
        Assert.Equal(stored[0].Sequence.ToString(), user.GetAttribute("data-seq"));
        var thinking = view.Find("[data-kind=thinking] details");
        Assert.False(thinking.HasAttribute("open"));
        Assert.Contains("The bug is in", thinking.TextContent, StringComparison.Ordinal);
        var assistant = view.Find("[data-kind=assistant]");
        Assert.Equal(stored[2].Sequence.ToString(), assistant.GetAttribute("data-seq"));
        Assert.Equal("auth.cs", assistant.QuerySelector("code")!.TextContent);
        Assert.Equal("var", assistant.QuerySelector("pre .tok-kw")!.TextContent);
        Assert.Null(assistant.GetAttribute("data-streaming"));
    }

    [Fact]
    public async Task Bash_cards_show_the_command_and_its_output_or_error()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        await StoreAsync(
            Ev.Tool("b1", "Bash", new { command = "dotnet test", description = "Run the tests" }),
            Ev.Result("b1", "Passed: 12"),
            Ev.Tool("b2", "Bash", new { command = "cat missing.txt" }),
            Ev.Result("b2", "cat: missing.txt: No such file or directory", error: true));

        var view = RenderTranscript();

        var cards = view.FindAll("[data-tool=Bash]");
        Assert.Equal(2, cards.Count);
        Assert.Contains("dotnet test", cards[0].QuerySelector(".bash-command")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Run the tests", cards[0].QuerySelector(".tool-title")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Passed: 12", cards[0].QuerySelector("[data-test=tool-output]")!.TextContent);
        Assert.Equal("done", cards[0].QuerySelector("[data-test=tool-status]")!.TextContent);
        Assert.True(cards[1].QuerySelector(".tool-card")!.ClassList.Contains("failed"));
        var error = cards[1].QuerySelector("[data-test=tool-output]")!;
        Assert.True(error.ClassList.Contains("error"));
        Assert.Contains("No such file", error.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edit_write_and_multi_edit_cards_show_diffs()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        await StoreAsync(
            Ev.Tool("e1", "Edit", new { file_path = "src/app.cs", old_string = "int a = 1;\nint b = 2;", new_string = "int a = 1;\nint b = 3;" }),
            Ev.Result("e1", "The file src/app.cs has been updated."),
            Ev.Tool("w1", "Write", new { file_path = "notes.md", content = "# Notes\nfirst\n" }),
            Ev.Tool("me", "MultiEdit", new { file_path = "x.py", edits = new[] { new { old_string = "a", new_string = "b" }, new { old_string = "c", new_string = "d" } } }));

        var view = RenderTranscript();

        var edit = view.Find("[data-tool=Edit]");
        Assert.Equal("src/app.cs", edit.QuerySelector(".tool-title")!.TextContent);
        Assert.Equal(["int b = 2;"], edit.QuerySelectorAll(".diff-line.del .diff-text").Select(e => e.TextContent));
        Assert.Equal(["int b = 3;"], edit.QuerySelectorAll(".diff-line.add .diff-text").Select(e => e.TextContent));
        Assert.Single(edit.QuerySelectorAll(".diff-line.same"));
        Assert.Empty(edit.QuerySelectorAll("[data-test=tool-output]"));
        var write = view.Find("[data-tool=Write]");
        Assert.Equal(["# Notes", "first"], write.QuerySelectorAll(".diff-line.add .diff-text").Select(e => e.TextContent));
        Assert.Equal("did not finish", write.QuerySelector("[data-test=tool-status]")!.TextContent);
        var multi = view.Find("[data-tool=MultiEdit]");
        Assert.Equal(2, multi.QuerySelectorAll("[data-test=diff]").Length);
        Assert.Contains("Edit 2 of 2", multi.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_grep_and_glob_are_compact_one_liners_that_expand()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        await StoreAsync(
            Ev.Tool("r1", "Read", new { file_path = "src/app.cs", offset = 10, limit = 20 }),
            Ev.Result("r1", "10→class App {}"),
            Ev.Tool("g1", "Grep", new { pattern = "TODO", path = "src" }),
            Ev.Tool("l1", "Glob", new { pattern = "**/*.cs" }));

        var view = RenderTranscript();

        var read = view.Find("[data-tool=Read]");
        Assert.Contains("src/app.cs (lines 10–29)", read.QuerySelector("summary")!.TextContent, StringComparison.Ordinal);
        Assert.False(read.QuerySelector("details")!.HasAttribute("open"));
        Assert.Equal("10→class App {}", read.QuerySelector("details [data-test=tool-output]")!.TextContent);
        Assert.Contains("\"TODO\" in src", view.Find("[data-tool=Grep] summary").TextContent, StringComparison.Ordinal);
        Assert.Contains("**/*.cs", view.Find("[data-tool=Glob] summary").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Todo_mcp_generic_and_sub_agent_cards_render_what_they_carry()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        await StoreAsync(
            Ev.Tool("t1", "TodoWrite", new
            {
                todos = new[]
                {
                    new { content = "Write tests", status = "completed", activeForm = "Writing tests" },
                    new { content = "Fix bug", status = "in_progress", activeForm = "Fixing the bug" },
                    new { content = "Ship", status = "pending", activeForm = "Shipping" },
                },
            }),
            Ev.Tool("m1", "mcp__github__create_issue", new { title = "Crash on start" }),
            Ev.Result("m1", "Created issue #42"),
            Ev.Tool("n1", "NotebookEdit", new { notebook_path = "a.ipynb", new_source = "print(1)" }),
            Ev.Tool("task", "Task", new { description = "Find callers", prompt = "Look for **callers**", subagent_type = "Explore" }),
            Ev.Tool("g1", "Grep", new { pattern = "Login" }, parent: "task"),
            Ev.Result("g1", "auth.cs:3", parent: "task"),
            Ev.Result("task", "Two callers: `a` and `b`."));

        var view = RenderTranscript();

        var todos = view.FindAll("[data-tool=TodoWrite] li");
        Assert.Equal(["completed", "in_progress", "pending"], todos.Select(t => t.GetAttribute("data-status")));
        Assert.Equal("Fixing the bug", todos[1].QuerySelector(".todo-text")!.TextContent);
        Assert.Contains("1 of 3 done", view.Find("[data-tool=TodoWrite] .tool-title").TextContent, StringComparison.Ordinal);
        var mcp = view.Find("[data-tool=mcp__github__create_issue]");
        Assert.Equal("github", mcp.QuerySelector(".tool-name")!.TextContent);
        Assert.Equal("create_issue", mcp.QuerySelector(".tool-title")!.TextContent);
        Assert.Contains("Crash on start", mcp.QuerySelector(".tool-input")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Created issue #42", mcp.QuerySelector("[data-test=tool-output]")!.TextContent);
        var generic = view.Find("[data-tool=NotebookEdit]");
        Assert.Contains("\"new_source\"", generic.QuerySelector(".tool-input")!.TextContent, StringComparison.Ordinal);
        var task = view.Find("[data-tool=Task]");
        Assert.Contains("Find callers", task.QuerySelector(".tool-title")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Explore", task.QuerySelector(".badge")!.TextContent);
        Assert.Equal("auth.cs:3", task.QuerySelector("[data-test=task-children] [data-tool=Grep] [data-test=tool-output]")!.TextContent);
        Assert.Equal("a", task.QuerySelector(".task-result code")!.TextContent);
        Assert.Single(view.FindAll("[data-tool=Grep]"));
    }

    [Fact]
    public async Task Errors_retries_and_turn_footers_show_their_readable_text()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        await StoreAsync(
            Ev.User("go"),
            new RetryEvent(1, 10) { ErrorStatus = 529, DelayMs = 2000, Error = "overloaded_error" },
            new ErrorEvent(AgentErrorKind.RateLimit, "You hit the rate limit; wait a minute and try again.") { HttpStatus = 429, Detail = "rate_limit_error: slow down" },
            Ev.Done(cost: 0.0123m, input: 1200, output: 340, ms: 4200, turns: 2),
            Ev.User("again"),
            Ev.Done(error: true));

        var view = RenderTranscript();

        Assert.Contains("API error 529: retrying in 2 s (attempt 1 of 10)", view.Find("[data-kind=retry]").TextContent, StringComparison.Ordinal);
        var error = view.Find("[data-kind=error]");
        Assert.Contains("Rate limited (HTTP 429)", error.QuerySelector(".error-title")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("You hit the rate limit; wait a minute and try again.", error.QuerySelector(".error-message")!.TextContent);
        Assert.Contains("rate_limit_error: slow down", error.QuerySelector("details")!.TextContent, StringComparison.Ordinal);
        var footers = view.FindAll("[data-test=turn-footer]");
        Assert.Equal(2, footers.Count);
        var parts = footers[0].QuerySelectorAll(".turn-part").Select(p => p.TextContent).ToList();
        Assert.Equal(["4.2 s", "$0.0123", "1,200 in / 340 out tokens", "2 turns"], parts);
        Assert.Equal("ok", footers[0].GetAttribute("data-state"));
        Assert.Equal("error", footers[1].GetAttribute("data-state"));
        Assert.Contains("Failed (api error)", footers[1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_turn_whose_model_has_no_price_says_cost_unknown_not_zero()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        await StoreAsync(Ev.User("go"), Ev.Done(input: 100, output: 20) with { CostUsd = null });

        var view = RenderTranscript();

        var parts = view.Find("[data-test=turn-footer]").QuerySelectorAll(".turn-part").Select(p => p.TextContent).ToList();
        Assert.Equal(["4.2 s", "cost unknown", "100 in / 20 out tokens", "2 turns"], parts);
    }

    [Fact]
    public async Task A_new_tab_shows_an_empty_state()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);

        var view = RenderTranscript();

        Assert.Contains("No messages yet", view.Find("[data-test=transcript-empty]").TextContent, StringComparison.Ordinal);
        Assert.Empty(view.FindAll("[data-action=load-earlier]"));
    }

    [Fact]
    public async Task Agent_text_cannot_inject_markup_or_script_links()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        await StoreAsync(
            Ev.Text("m1", "<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>"),
            Ev.Tool("b1", "Bash", new { command = "echo '<script>alert(4)</script>'" }),
            Ev.Result("b1", "<b>bold?</b>"));

        var view = RenderTranscript();

        Assert.Empty(view.FindAll("script"));
        Assert.Empty(view.FindAll("img"));
        Assert.Empty(view.FindAll("b"));
        Assert.Empty(view.FindAll("a[href^='javascript']"));
        Assert.Contains("<script>alert(1)</script>", view.Find("[data-kind=assistant]").TextContent, StringComparison.Ordinal);
        Assert.Equal("<b>bold?</b>", view.Find("[data-test=tool-output]").TextContent);
    }
}
