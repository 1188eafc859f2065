using Grove.Core.Agents;
using Grove.Core.Errors;
using Grove.Services.Agents;
using Grove.Testing;
using Grove.Web.Components.Transcript;
using Grove.Web.State;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Web.Tests.Transcript;

public sealed class TranscriptApprovalTests : TranscriptUiTest
{
    private static readonly object WriteInput = new { file_path = "notes.md", content = "hello\n" };

    /// <summary>A Write the agent asks to run, pending in the run service, rendered.</summary>
    private async Task<IRenderedComponent<TranscriptView>> AskForWriteAsync(TestRepository repo)
    {
        await CreateTabAsync(repo);
        var request = Ev.Ask("r1", "t1", "Write", WriteInput);
        await StoreAsync(Ev.User("write notes"), Ev.Tool("t1", "Write", WriteInput), request);
        Runs.Busy = true;
        AddPending(request);
        return RenderTranscript();
    }

    [Theory]
    [InlineData("allow-once", ApprovalChoice.AllowOnce, "Allowed once.")]
    [InlineData("allow-always-workspace", ApprovalChoice.AlwaysForWorkspace, "always allowed in this workspace")]
    [InlineData("allow-always-project", ApprovalChoice.AlwaysForProject, "always allowed in this project")]
    public async Task Allow_buttons_answer_the_request_with_their_choice(string action, ApprovalChoice choice, string shown)
    {
        using var repo = TestRepository.Create();
        var view = await AskForWriteAsync(repo);
        var card = view.Find("[data-tool=Write]");
        Assert.Equal("pending", card.QuerySelector("[data-test=approval]")!.GetAttribute("data-state"));

        view.Find($"[data-tool=Write] [data-action={action}]").Click();

        var (requestId, answer) = Assert.Single(Runs.Answers);
        Assert.Equal("r1", requestId);
        Assert.Equal(choice, answer.Choice);
        view.WaitForAssertion(() =>
        {
            Assert.Empty(view.FindAll("[data-tool=Write] [data-action]"));
            var result = view.Find("[data-tool=Write] [data-test=approval]");
            Assert.Equal("allowed", result.GetAttribute("data-state"));
            Assert.Contains(shown, result.TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Deny_sends_the_typed_message()
    {
        using var repo = TestRepository.Create();
        var view = await AskForWriteAsync(repo);

        view.Find("[data-test=deny-message]").Input("Use docs/notes.md instead");
        view.Find("[data-action=deny]").Click();

        var (_, answer) = Assert.Single(Runs.Answers);
        Assert.Equal(ApprovalChoice.Deny, answer.Choice);
        Assert.Equal("Use docs/notes.md instead", answer.Message);
        view.WaitForAssertion(() => Assert.Equal("Denied: Use docs/notes.md instead", view.Find("[data-test=approval]").TextContent));
    }

    [Fact]
    public async Task A_pending_request_from_before_a_reload_is_actionable()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        var request = Ev.Ask("r1", "t1", "Bash", new { command = "npm install" });
        await StoreAsync(Ev.User("install"), Ev.Tool("t1", "Bash", new { command = "npm install" }), request);
        Runs.Busy = true;
        AddPending(request);

        var firstPage = RenderTranscript();
        firstPage.Find("[data-action=allow-once]");
        await DisposeComponentsAsync();
        var reloaded = RenderTranscript();

        Assert.Contains("this command", reloaded.Find("[data-test=approval]").TextContent, StringComparison.Ordinal);
        reloaded.Find("[data-action=allow-once]").Click();
        Assert.Equal("r1", Assert.Single(Runs.Answers).RequestId);
    }

    [Fact]
    public async Task A_request_the_run_service_no_longer_holds_has_no_buttons()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        await StoreAsync(Ev.User("install"), Ev.Tool("t1", "Bash", new { command = "npm install" }), Ev.Ask("r1", "t1", "Bash", new { command = "npm install" }));

        var view = RenderTranscript();

        Assert.Equal(["restore-turn", "jump-latest"], view.FindAll("[data-action]").Select(b => b.GetAttribute("data-action")));
        var state = view.Find("[data-test=approval]");
        Assert.Equal("expired", state.GetAttribute("data-state"));
        Assert.Contains("the turn ended", state.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_decision_made_elsewhere_replaces_the_buttons_live()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        var request = Ev.Ask("r1", "t1", "Bash", new { command = "make" });
        await StoreAsync(Ev.User("build"), Ev.Tool("t1", "Bash", new { command = "make" }), request);
        Runs.Busy = true;
        AddPending(request);
        var view = RenderLive();
        view.Find("[data-action=allow-once]");

        await Runs.AnswerAsync("r1", ApprovalAnswer.DenyWith("from the terminal"), Ct);
        await PublishAsync(Ev.Decide("r1", false, "from the terminal"));

        view.WaitForAssertion(() =>
        {
            Assert.Empty(view.FindAll("[data-action=allow-once]"));
            Assert.Equal("Denied: from the terminal", view.Find("[data-test=approval]").TextContent);
            Assert.Equal("denied", view.Find("[data-test=tool-status]").TextContent);
        }, TestTimeouts.Default);
    }

    [Fact]
    public async Task A_failed_answer_is_shown_and_the_buttons_stay()
    {
        using var repo = TestRepository.Create();
        var view = await AskForWriteAsync(repo);
        Runs.FailWith = new GroveException(ErrorKind.Conflict, "The agent process of this tab is no longer running.");

        view.Find("[data-action=allow-once]").Click();

        view.WaitForAssertion(() =>
        {
            Assert.Contains("no longer running", view.Find("[data-test=approval] .error-text").TextContent, StringComparison.Ordinal);
            Assert.False(view.Find("[data-action=allow-once]").HasAttribute("disabled"));
        });
        Assert.Contains(Services.GetRequiredService<Toasts>().Items, t => t.Kind == ToastKind.Error && t.Message.Contains("no longer running", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exit_plan_mode_shows_the_plan_and_implement_approves_it()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        var plan = new { plan = "## Plan\n1. Add a **login** form\n2. Test it" };
        var request = Ev.Ask("p1", "x1", "ExitPlanMode", plan);
        await StoreAsync(Ev.User("plan it"), Ev.Tool("x1", "ExitPlanMode", plan), request);
        Runs.Busy = true;
        AddPending(request);

        var view = RenderTranscript();

        var card = view.Find("[data-kind=plan]");
        Assert.Equal("ExitPlanMode", card.GetAttribute("data-tool"));
        Assert.Equal("Plan", card.QuerySelector(".plan-body h2")!.TextContent);
        Assert.Equal("login", card.QuerySelector(".plan-body strong")!.TextContent);
        view.Find("[data-action=implement]").Click();
        Assert.Equal(ApprovalChoice.Implement, Assert.Single(Runs.Answers).Answer.Choice);
        view.WaitForAssertion(() => Assert.Contains("Plan approved", view.Find("[data-kind=plan] [data-test=approval]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Keep_planning_denies_with_the_feedback()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        var plan = new { plan = "Rewrite everything" };
        var request = Ev.Ask("p1", "x1", "ExitPlanMode", plan);
        await StoreAsync(Ev.Tool("x1", "ExitPlanMode", plan), request);
        Runs.Busy = true;
        AddPending(request);
        var view = RenderTranscript();

        view.Find("[data-test=plan-feedback]").Input("Smaller steps please");
        view.Find("[data-action=keep-planning]").Click();

        var (_, answer) = Assert.Single(Runs.Answers);
        Assert.Equal(ApprovalChoice.Deny, answer.Choice);
        Assert.Equal("Smaller steps please", answer.Message);
    }

    [Fact]
    public async Task The_approve_plan_shortcut_implements_the_open_plan()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        var request = Ev.Ask("p1", "x1", "ExitPlanMode", new { plan = "Do it" });
        await StoreAsync(request);
        Runs.Busy = true;
        AddPending(request);
        var view = RenderTranscript();

        await view.InvokeAsync(() => Services.GetRequiredService<UiCommands>().RaiseAsync(UiCommand.ApprovePlan));

        Assert.Equal(("p1", ApprovalChoice.Implement), (Runs.Answers.Single().RequestId, Runs.Answers.Single().Answer.Choice));
    }

    [Fact]
    public async Task Ask_user_question_sends_the_chosen_answers()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        var input = new
        {
            questions = new object[]
            {
                new { question = "Which database?", header = "DB", multiSelect = false, options = new[] { new { label = "Postgres", description = "Relational" }, new { label = "SQLite", description = "File" } } },
                new { question = "Which platforms?", header = "OS", multiSelect = true, options = new[] { new { label = "Linux", description = "" }, new { label = "macOS", description = "" }, new { label = "Windows", description = "" } } },
            },
        };
        var request = Ev.Ask("q1", "a1", "AskUserQuestion", input);
        await StoreAsync(Ev.Tool("a1", "AskUserQuestion", input), request);
        Runs.Busy = true;
        AddPending(request);
        var view = RenderTranscript();

        Assert.True(view.Find("[data-action=answer]").HasAttribute("disabled"));
        view.Find("[data-question='Which database?'] [data-option=SQLite]").Change(true);
        view.Find("[data-question='Which platforms?'] [data-option=Linux]").Change(true);
        view.Find("[data-question='Which platforms?'] [data-option=Windows]").Change(true);
        view.Find("[data-question='Which platforms?'] [data-test=answer-other]").Input("FreeBSD");
        view.Find("[data-action=answer]").Click();

        var (requestId, answer) = Assert.Single(Runs.Answers);
        Assert.Equal("q1", requestId);
        Assert.Equal(ApprovalChoice.Answer, answer.Choice);
        Assert.Equal("SQLite", answer.Answers!["Which database?"]);
        Assert.Equal("Linux, Windows, FreeBSD", answer.Answers["Which platforms?"]);
        view.WaitForAssertion(() => Assert.Contains("SQLite", view.Find("[data-kind=question] .question-summary").TextContent, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(PermissionScopes.Once, "Allowed once.")]
    [InlineData(PermissionScopes.Workspace, "Allowed, and always allowed in this workspace from now on.")]
    [InlineData(PermissionScopes.Project, "Allowed, and always allowed in this project from now on.")]
    public async Task After_a_reload_the_stored_decision_shows_what_was_chosen(string scope, string shown)
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        await StoreAsync(Ev.User("write notes"), Ev.Tool("t1", "Write", WriteInput), Ev.Ask("r1", "t1", "Write", WriteInput),
            new PermissionDecisionEvent("r1", true) { ToolUseId = "t1", Scope = scope }, Ev.Result("t1", "File written"));

        var view = RenderTranscript();

        var result = view.Find("[data-tool=Write] [data-test=approval]");
        Assert.Equal("allowed", result.GetAttribute("data-state"));
        Assert.Equal(shown, result.TextContent);
    }
}
