using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Services.Agents;
using Grove.Web.Transcript;

namespace Grove.Web.Tests.Transcript;

/// <summary>The live window of a fold: dropping the oldest items, and getting them back by loading earlier events.</summary>
public sealed class TranscriptWindowTests
{
    private const string Tab = "tab1";

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(5, 0)]
    [InlineData(20, 0)]
    [InlineData(3, 9)]
    [InlineData(3, 15)]
    [InlineData(10, 40)]
    public void Trimming_as_events_arrive_then_loading_earlier_pages_equals_folding_everything(int keep, int opensAt)
    {
        var script = Script(TranscriptFoldTests.SampleTurns(8));
        var reference = new TranscriptFold();
        var windowed = new TranscriptFold();
        var dropped = 0;
        var largest = 0;
        var opened = false;
        foreach (var step in script)
        {
            reference.Apply(step);
            opened |= step.Sequence > opensAt;
            if (!opened)
            {
                // The page opens later, with the stored events after opensAt (possibly mid-turn).
                continue;
            }

            windowed.Apply(step);
            dropped += windowed.TrimTo(keep);
            largest = Math.Max(largest, windowed.Items.Count);
        }

        Assert.True(dropped > 0, "Nothing was dropped.");
        Assert.True(windowed.FirstSequence > 1);
        Assert.True(largest < reference.Items.Count, $"The window grew to {largest} of {reference.Items.Count} items.");

        var stored = script.Where(s => s.Sequence is not null).ToList();
        while (windowed.FirstSequence > 1)
        {
            // What TranscriptView does on "load earlier": a page of the events before the first one shown.
            var first = windowed.FirstSequence;
            var earlier = new TranscriptFold();
            foreach (var row in stored.Where(s => s.Sequence >= Math.Max(1, first - 7) && s.Sequence < first))
            {
                earlier.Apply(row);
            }

            windowed.Prepend(earlier);
        }

        var expected = TranscriptFoldTests.Describe(reference);
        var actual = TranscriptFoldTests.Describe(windowed);
        Assert.True(expected == actual, $"{actual}\n--- expected ---\n{expected}");
    }

    [Fact]
    public void Keeps_about_the_newest_items_and_moves_the_first_sequence_to_the_first_kept()
    {
        var fold = new TranscriptFold();
        foreach (var step in Script(Enumerable.Range(1, 400).Select(i => (AgentEvent)Ev.Text($"m{i}", $"event {i}")).ToArray()))
        {
            fold.Apply(step);
        }

        Assert.Equal(200, fold.TrimTo(200));

        Assert.Equal(200, fold.Items.Count);
        Assert.Equal("event 201", ((AssistantTextItem)fold.Items[0]).Text);
        Assert.Equal(201, fold.FirstSequence);
        Assert.Equal(400, fold.LastSequence);
        Assert.Equal(0, fold.TrimTo(200));
    }

    [Fact]
    public void An_item_changed_by_a_later_event_is_not_cut_away_from_that_event()
    {
        var fold = new TranscriptFold();
        fold.Apply(Stored(1, Ev.Tool("t1", "Bash", new { command = "sleep 5" })));
        fold.Apply(Ev.Status(Tab, "interrupted"));
        fold.Apply(Stored(2, Ev.User("next")));
        fold.Apply(Stored(3, Ev.Text("m3", "three")));
        // A late result for the first call: cutting before "next" or "three" would lose it on reload.
        fold.Apply(Stored(4, Ev.Result("t1", "done")));
        fold.Apply(Stored(5, Ev.Text("m5", "five")));

        Assert.Equal(0, fold.TrimTo(2));
        Assert.Equal(4, fold.Items.Count);

        Assert.Equal(3, fold.TrimTo(1));
        Assert.Equal(5, fold.FirstSequence);
        Assert.Equal("five", ((AssistantTextItem)Assert.Single(fold.Items)).Text);
    }

    [Fact]
    public void A_running_sub_agent_and_what_follows_it_are_kept()
    {
        var fold = new TranscriptFold();
        fold.Apply(Stored(1, Ev.User("go")));
        fold.Apply(Stored(2, Ev.Text("m1", "Starting a sub-agent.")));
        fold.Apply(Stored(3, Ev.Tool("task", "Task", new { description = "Explore" })));
        for (var i = 0; i < 50; i++)
        {
            fold.Apply(Stored(4 + i, Ev.Text($"s{i}", $"sub {i}", parent: "task")));
        }

        Assert.Equal(2, fold.TrimTo(0));

        var task = Assert.IsType<ToolCallItem>(Assert.Single(fold.Items));
        Assert.True(task.IsRunning);
        Assert.Equal(50, task.Children.Count);
        Assert.Equal(3, fold.FirstSequence);

        fold.Apply(Stored(60, Ev.Result("task", "Found it.")));
        Assert.Equal("Found it.", task.Result!.Content);
    }

    [Fact]
    public void A_result_for_a_dropped_call_is_joined_with_it_when_earlier_events_are_loaded()
    {
        var rows = new List<LiveEvent>
        {
            Stored(1, Ev.Tool("t1", "Bash", new { command = "make" })),
            Ev.Status(Tab, "idle"),
            Stored(2, Ev.User("next")),
            Stored(3, Ev.Text("m3", "three")),
        };
        var fold = new TranscriptFold();
        rows.ForEach(r => fold.Apply(r));
        Assert.Equal(2, fold.TrimTo(1));

        fold.Apply(Stored(4, Ev.Result("t1", "built")));
        var earlier = new TranscriptFold();
        rows.Where(r => r.Sequence < 3).ToList().ForEach(r => earlier.Apply(r));
        fold.Prepend(earlier);

        var call = Assert.Single(fold.Items.OfType<ToolCallItem>());
        Assert.Equal("built", call.Result!.Content);
        Assert.False(call.IsPlaceholder);
        Assert.Equal(["tool", "user", "assistant"], fold.Items.Select(i => i.DataKind));
    }

    private static LiveEvent Stored(long sequence, AgentEvent e) => LiveEvent.From(e.ToTranscriptEvent(Tab, DateTimeOffset.UnixEpoch) with { Sequence = sequence });

    /// <summary>The events as a live tab sees them: numbered stored events, deltas streaming each top-level text first, idle after each result.</summary>
    private static List<LiveEvent> Script(AgentEvent[] events)
    {
        var script = new List<LiveEvent>();
        var sequence = 0L;
        foreach (var e in events)
        {
            if (e is TextEvent { ParentToolUseId: null } text)
            {
                script.Add(Ev.Live(Tab, Ev.Delta(text.MessageId, text.Content[..Math.Min(3, text.Content.Length)])));
            }

            script.Add(Stored(++sequence, e));
            if (e is ResultEvent)
            {
                script.Add(Ev.Status(Tab, "idle"));
            }
        }

        return script;
    }
}
