using Grove.Core.Agents;
using Grove.Testing;
using Grove.Web.Components.Transcript;

namespace Grove.Web.Tests.Transcript;

/// <summary>The message list keeps a window of the newest items while the user follows them.</summary>
public sealed class TranscriptWindowViewTests : TranscriptUiTest
{
    private const int Streamed = 450;

    [Fact]
    public async Task A_long_live_stream_keeps_a_window_of_the_newest_items_and_load_earlier_brings_back_the_rest()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        await StoreAsync(Ev.User("stream"));
        var view = RenderLive();

        await StreamAsync();

        view.WaitForAssertion(() => Assert.Equal($"event {Streamed}", Texts(view)[^1]), TestTimeouts.Default);
        var window = Texts(view);
        Assert.InRange(window.Count, TranscriptView.WindowKeep, TranscriptView.WindowLimit);
        AssertConsecutive(window);
        Assert.InRange(view.Instance.Fold.Items.Count, TranscriptView.WindowKeep, TranscriptView.WindowLimit);

        // The user scrolls up: nothing is dropped while they read, and each "load earlier" adds a page.
        await view.Instance.SetFollowingAsync(false);
        while (view.FindAll("[data-action=load-earlier]").Count > 0)
        {
            Assert.True(await view.InvokeAsync(() => view.Instance.LoadEarlierAsync()));
        }

        var all = Texts(view);
        Assert.Equal(Streamed, all.Count);
        Assert.Equal("event 1", all[0]);
        AssertConsecutive(all);
        Assert.Equal("stream", view.Find("[data-kind=user] .bubble").TextContent);
    }

    [Fact]
    public async Task Nothing_is_dropped_while_the_user_reads_and_the_window_returns_when_they_follow_again()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        await StoreAsync(Ev.User("stream"));
        var view = RenderLive();
        await view.Instance.SetFollowingAsync(false);

        await StreamAsync();

        view.WaitForAssertion(() => Assert.Equal(Streamed, Texts(view).Count), TestTimeouts.Default);
        view.Find("[data-kind=user]");

        await view.Instance.SetFollowingAsync(true);

        view.WaitForAssertion(() => Assert.InRange(Texts(view).Count, TranscriptView.WindowKeep, TranscriptView.WindowLimit), TestTimeouts.Default);
        Assert.Equal($"event {Streamed}", Texts(view)[^1]);
        AssertConsecutive(Texts(view));
        Assert.Empty(view.FindAll("[data-kind=user]"));
        view.Find("[data-action=load-earlier]");
    }

    private async Task StreamAsync()
    {
        for (var i = 1; i <= Streamed; i++)
        {
            await PublishAsync(Ev.Text($"m{i}", $"event {i}"));
        }
    }

    private static List<string> Texts(IRenderedComponent<TranscriptView> view) =>
        view.FindAll("[data-kind=assistant]").Select(e => e.TextContent.Trim()).ToList();

    private static void AssertConsecutive(List<string> texts)
    {
        var numbers = texts.Select(t => int.Parse(t["event ".Length..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(numbers[0], numbers.Count), numbers);
    }
}
