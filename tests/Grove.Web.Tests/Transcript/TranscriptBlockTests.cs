using Grove.Core.Agents;
using Grove.Services.Agents;
using Grove.Testing;
using Grove.Web.Components.Transcript;
using Grove.Web.Transcript;

namespace Grove.Web.Tests.Transcript;

/// <summary>
/// The list renders in blocks of items: a flush re-renders the block that changed and skips the
/// others, and blocks keep their order (ordinals ascend) through trims and "load earlier".
/// </summary>
public sealed class TranscriptBlockTests : TranscriptUiTest
{
    [Fact]
    public async Task A_new_item_renders_only_the_last_block_and_a_result_for_an_early_call_only_its_block()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        Runs.Busy = true; // the turn runs: the first call stays open for its result
        await StoreAsync([Ev.Tool("b1", "Bash", new { command = "make" }), .. Enumerable.Range(1, 40).Select(i => (AgentEvent)Ev.User($"message {i}"))]);
        var view = RenderLive();

        var blocks = view.FindComponents<TranscriptBlock>();
        Assert.Equal(3, blocks.Count); // 41 items in blocks of 16
        var before = blocks.Select(b => b.RenderCount).ToArray();

        await PublishAsync(Ev.User("message 41"));
        view.WaitForAssertion(() => Assert.Equal("message 41", view.FindAll("[data-kind=user] .bubble")[^1].TextContent), TestTimeouts.Default);

        Assert.Equal(before[0], blocks[0].RenderCount);
        Assert.Equal(before[1], blocks[1].RenderCount);
        Assert.True(blocks[2].RenderCount > before[2], "The block that got the new item did not render.");
        before = blocks.Select(b => b.RenderCount).ToArray();

        await PublishAsync(Ev.Result("b1", "built"));
        view.WaitForAssertion(() => Assert.Equal("built", view.Find("[data-tool=Bash] [data-test=tool-output]").TextContent), TestTimeouts.Default);

        Assert.True(blocks[0].RenderCount > before[0], "The block of the call that got its result did not render.");
        Assert.Equal(before[1], blocks[1].RenderCount);
        Assert.Equal(
            Enumerable.Range(1, 41).Select(i => $"message {i}"),
            view.FindAll("[data-kind=user] .bubble").Select(e => e.TextContent));
    }

    [Fact]
    public void Ordinals_ascend_along_the_list_after_a_trim_an_append_and_a_prepend()
    {
        var rows = new List<LiveEvent>
        {
            Stored(1, Ev.Tool("t1", "Task", new { description = "look" })),
            Stored(2, Ev.Text("s1", "inside", parent: "t1")),
            Stored(3, Ev.Result("t1", "done")),
            Ev.Status("tab1", "idle"),
        };
        rows.AddRange(Enumerable.Range(4, 40).Select(i => Stored(i, Ev.User($"message {i}"))));
        var fold = new TranscriptFold();
        rows.ForEach(r => fold.Apply(r));
        Assert.True(fold.TrimTo(10) > 0);
        AssertAscending(fold);
        fold.Apply(Stored(44, Ev.User("message 44")));

        var earlier = new TranscriptFold();
        rows.Where(r => r.Sequence < fold.FirstSequence).ToList().ForEach(r => earlier.Apply(r));
        fold.Prepend(earlier);

        AssertAscending(fold);
        Assert.Equal("tool", fold.Items[0].DataKind);
        Assert.Equal(42, fold.Items.Count);
    }

    private static void AssertAscending(TranscriptFold fold) =>
        Assert.All(fold.Items.Zip(fold.Items.Skip(1)), pair => Assert.True(pair.Second.Ordinal > pair.First.Ordinal, $"{pair.First.Ordinal} then {pair.Second.Ordinal}"));

    private static LiveEvent Stored(long sequence, AgentEvent e) => LiveEvent.From(e.ToTranscriptEvent("tab1", DateTimeOffset.UnixEpoch) with { Sequence = sequence });
}
