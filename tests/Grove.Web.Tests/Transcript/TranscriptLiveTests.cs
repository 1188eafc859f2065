using System.Diagnostics;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Testing;

namespace Grove.Web.Tests.Transcript;

public sealed class TranscriptLiveTests : TranscriptUiTest
{
    [Fact]
    public async Task Streaming_deltas_then_the_final_text_make_one_message()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        await StoreAsync(Ev.User("hello"));
        var view = RenderLive();

        await PublishAsync(Ev.Delta("m1", "Hel"), Ev.Delta("m1", "lo **wo"));

        view.WaitForAssertion(() =>
        {
            var streaming = view.Find("[data-kind=assistant][data-streaming=true]");
            Assert.Equal("Hello **wo", streaming.TextContent.Trim());
        }, TestTimeouts.Default);

        await PublishAsync(Ev.Delta("m1", "rld**"), Ev.Text("m1", "Hello **world**"));

        view.WaitForAssertion(() =>
        {
            var message = Assert.Single(view.FindAll("[data-kind=assistant]"));
            Assert.Null(message.GetAttribute("data-streaming"));
            Assert.Equal("world", message.QuerySelector("strong")!.TextContent);
            Assert.NotNull(message.GetAttribute("data-seq"));
        }, TestTimeouts.Default);
    }

    [Fact]
    public async Task A_hidden_page_folds_live_events_without_rendering_and_shows_them_all_in_order_once_visible()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        await StoreAsync(Ev.User("hello"));
        var view = RenderLive();
        view.WaitForAssertion(() => Assert.Single(view.FindAll("[data-kind=user]")), TestTimeouts.Default);

        await view.Instance.SetVisibleAsync(false);
        var renders = view.RenderCount;
        var flushes = view.Instance.Flushes;
        await PublishAsync(Ev.Text("m1", "first"), Ev.Text("m2", "second"), Ev.Text("m3", "third"));
        PublishLive("tab_status", """{"status":"running"}""");

        // Folded (a flush ran and holds all three), but nothing rendered: the page shows what it showed.
        Assert.True(SpinWait.SpinUntil(() => view.Instance.Flushes > flushes && FoldedTexts(view).Count == 3, TestTimeouts.Default), "The hidden page never folded the live events.");
        Assert.Equal(renders, view.RenderCount);
        Assert.Empty(view.FindAll("[data-kind=assistant]"));

        // Shown again: everything at once, in order, with the status.
        await view.Instance.SetVisibleAsync(true);
        view.WaitForAssertion(() =>
        {
            Assert.Equal(["first", "second", "third"], view.FindAll("[data-kind=assistant]").Select(e => e.TextContent.Trim()));
            view.Find("[data-test=working]");
        }, TestTimeouts.Default);

        // Visible, it follows live events again.
        await PublishAsync(Ev.Text("m4", "fourth"));
        view.WaitForAssertion(() => Assert.Equal(4, view.FindAll("[data-kind=assistant]").Count), TestTimeouts.Default);
    }

    private static List<string> FoldedTexts(IRenderedComponent<Grove.Web.Components.Transcript.TranscriptView> view) =>
        view.InvokeAsync(() => view.Instance.Fold.Items.OfType<Grove.Web.Transcript.AssistantTextItem>().Select(i => i.Text).ToList()).GetAwaiter().GetResult();

    [Fact]
    public async Task A_running_commands_output_shows_live_in_its_card_until_its_result_replaces_it()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        Runs.Busy = true;
        var view = RenderLive();

        PublishLive("tab_status", """{"status":"running"}""");
        await PublishAsync(Ev.User("build it"), Ev.Tool("b1", "Bash", new { command = "make" }));
        await PublishAsync(Ev.Delta("b1", "compiling a.c\n", kind: DeltaKind.ToolOutput), Ev.Delta("b1", "compiling b", kind: DeltaKind.ToolOutput));

        view.WaitForAssertion(() =>
        {
            Assert.Equal("compiling a.c\ncompiling b", view.Find("[data-tool=Bash] [data-test=tool-output-live]").TextContent);
            Assert.Equal("running…", view.Find("[data-tool=Bash] [data-test=tool-status]").TextContent);
        }, TestTimeouts.Default);

        await PublishAsync(Ev.Delta("b1", ".c\n", kind: DeltaKind.ToolOutput), Ev.Result("b1", "compiling a.c\ncompiling b.c\n"), Ev.Done());

        view.WaitForAssertion(() =>
        {
            Assert.Empty(view.FindAll("[data-test=tool-output-live]"));
            Assert.Equal("compiling a.c\ncompiling b.c\n", view.Find("[data-tool=Bash] [data-test=tool-output]").TextContent);
        }, TestTimeouts.Default);
    }

    [Fact]
    public async Task A_live_result_completes_its_tool_card_and_the_turn_footer_follows()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        Runs.Busy = true;
        var view = RenderLive();

        PublishLive("tab_status", """{"status":"running"}""");
        await PublishAsync(Ev.User("test it"), Ev.Tool("b1", "Bash", new { command = "npm test" }));
        view.WaitForAssertion(() =>
        {
            Assert.Equal("running…", view.Find("[data-tool=Bash] [data-test=tool-status]").TextContent);
            view.Find("[data-test=working]");
        }, TestTimeouts.Default);

        await PublishAsync(Ev.Result("b1", "ok 3 tests"), Ev.Done());
        PublishLive("tab_status", """{"status":"idle"}""");

        view.WaitForAssertion(() =>
        {
            Assert.Equal("ok 3 tests", view.Find("[data-tool=Bash] [data-test=tool-output]").TextContent);
            view.Find("[data-test=turn-footer]");
            Assert.Empty(view.FindAll("[data-test=working]"));
        }, TestTimeouts.Default);
    }

    [Fact]
    public async Task A_live_permission_request_gets_buttons_once_the_run_service_holds_it()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        Runs.Busy = true;
        var view = RenderLive();

        var request = Ev.Ask("r1", "t1", "Edit", new { file_path = "a.cs", old_string = "a", new_string = "b" });
        await PublishAsync(Ev.Tool("t1", "Edit", new { file_path = "a.cs", old_string = "a", new_string = "b" }), request);
        AddPending(request);
        PublishLive("tab_status", """{"status":"needsinput"}""");

        view.WaitForAssertion(() =>
        {
            view.Find("[data-tool=Edit] [data-action=allow-once]");
            view.Find("[data-test=needs-input]");
        }, TestTimeouts.Default);
    }

    [Fact]
    public async Task Queued_messages_are_shown_until_their_turn_starts()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        await StoreAsync(Ev.User("first"));
        Runs.Busy = true;
        var view = RenderLive();

        PublishLive("queued", """{"position":1}""");
        view.WaitForAssertion(() => Assert.Contains("1 message queued", view.Find("[data-test=queued]").TextContent, StringComparison.Ordinal), TestTimeouts.Default);

        await PublishAsync(Ev.User("second"));
        view.WaitForAssertion(() =>
        {
            Assert.Empty(view.FindAll("[data-test=queued]"));
            Assert.Equal(2, view.FindAll("[data-kind=user]").Count);
        }, TestTimeouts.Default);
    }

    [Fact]
    public async Task Opens_with_the_last_page_of_events_and_loads_earlier_ones_on_demand()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        await StoreAsync(Enumerable.Range(1, 400).Select(i => (AgentEvent)Ev.User($"message {i}")).ToArray());

        var view = RenderTranscript();

        var users = view.FindAll("[data-kind=user]");
        Assert.Equal(150, users.Count);
        Assert.Equal("251", users[0].GetAttribute("data-seq"));
        Assert.Equal("400", users[^1].GetAttribute("data-seq"));

        view.Find("[data-action=load-earlier]").Click();
        view.WaitForAssertion(() => Assert.Equal("101", view.FindAll("[data-kind=user]")[0].GetAttribute("data-seq")));

        Assert.True(await view.InvokeAsync(() => view.Instance.LoadEarlierAsync()));
        view.WaitForAssertion(() =>
        {
            var all = view.FindAll("[data-kind=user]");
            Assert.Equal(400, all.Count);
            Assert.Equal("1", all[0].GetAttribute("data-seq"));
            Assert.Empty(view.FindAll("[data-action=load-earlier]"));
        });
        Assert.False(await view.InvokeAsync(() => view.Instance.LoadEarlierAsync()));
    }

    [Fact]
    public async Task A_tab_with_ten_thousand_events_opens_with_only_its_last_page()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        var turns = TranscriptFoldTests.SampleTurns(455);
        var store = Get<Grove.Data.Stores.ITranscriptStore>();
        foreach (var chunk in turns.Chunk(2000))
        {
            await store.AppendManyAsync(chunk.Select(e => e.ToTranscriptEvent(TabId, DateTimeOffset.UtcNow)).ToList(), Ct);
        }

        var stopwatch = Stopwatch.StartNew();
        var view = RenderTranscript();
        stopwatch.Stop();

        Assert.True(turns.Length >= 10_000);
        var items = view.FindAll(".transcript > [data-kind]");
        Assert.InRange(items.Count, 1, 150);
        Assert.Equal(turns.Length.ToString(), view.FindAll("[data-kind=result]")[^1].GetAttribute("data-seq"));
        view.Find("[data-action=load-earlier]");
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine($"Opened a tab of {turns.Length} events: {items.Count} items rendered in {stopwatch.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Events_stored_while_the_page_loaded_are_not_lost_or_repeated()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        await StoreAsync(Ev.User("one"));
        var view = RenderLive();

        await StoreAsync(Ev.User("two"));
        await PublishAsync(Ev.User("three"));

        view.WaitForAssertion(() => Assert.Equal(["one", "two", "three"], view.FindAll("[data-kind=user] .bubble").Select(b => b.TextContent)), TestTimeouts.Default);
    }

    [Fact]
    public async Task The_subscription_ends_with_the_component()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        RenderLive();

        await DisposeComponentsAsync();

        Assert.True(SpinWait.SpinUntil(() => Hub.SubscriberCount(TabId) == 0, TestTimeouts.Default));
    }

    [Fact]
    public async Task Many_live_events_are_folded_and_rendered_in_batches()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        await StoreAsync(Ev.User("stream a lot"));
        var view = RenderLive();
        var rendersBefore = view.RenderCount;

        for (var i = 0; i < 500; i++)
        {
            Hub.Publish(Ev.Live(TabId, Ev.Delta("m1", "x")));
        }

        view.WaitForAssertion(() => Assert.Equal(new string('x', 500), view.Find("[data-streaming=true]").TextContent.Trim()), TestTimeouts.Default);
        var renders = view.RenderCount - rendersBefore;
        Assert.True(renders < 500, $"{renders} renders for 500 deltas");
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine($"500 deltas rendered in {renders} renders");
    }
}
