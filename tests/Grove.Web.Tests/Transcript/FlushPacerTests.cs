using Grove.Web.Components.Transcript;
using Microsoft.Extensions.Time.Testing;

namespace Grove.Web.Tests.Transcript;

/// <summary>A streaming tab renders a few times a second; the first event after a quiet spell, and urgent ones, at once.</summary>
public sealed class FlushPacerTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromMilliseconds(40);
    private static readonly TimeSpan Streaming = TimeSpan.FromMilliseconds(200);

    [Fact]
    public void The_first_event_is_quick_then_events_that_keep_coming_wait_for_the_streaming_interval()
    {
        var time = new FakeTimeProvider();
        var pacer = new FlushPacer(time, Quick, Streaming);

        Assert.Equal(Quick, pacer.NextDelay(urgent: false));
        time.Advance(Quick);
        pacer.Flushed();

        // 60 ms after that flush the next event comes: it waits until 200 ms have passed since it.
        time.Advance(TimeSpan.FromMilliseconds(60));
        Assert.Equal(TimeSpan.FromMilliseconds(140), pacer.NextDelay(urgent: false));

        // Never less than the quick delay, however close to the streaming interval.
        time.Advance(TimeSpan.FromMilliseconds(130));
        Assert.Equal(Quick, pacer.NextDelay(urgent: false));

        // A status change or a request does not wait for the batch.
        Assert.Equal(Quick, pacer.NextDelay(urgent: true));
    }

    [Fact]
    public void After_a_quiet_spell_the_next_event_is_quick_again()
    {
        var time = new FakeTimeProvider();
        var pacer = new FlushPacer(time, Quick, Streaming);
        pacer.Flushed();
        time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(TimeSpan.FromMilliseconds(190), pacer.NextDelay(urgent: false));

        time.Advance(Streaming);
        Assert.Equal(Quick, pacer.NextDelay(urgent: false));
    }
}
