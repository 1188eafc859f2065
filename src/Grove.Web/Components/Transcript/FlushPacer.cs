namespace Grove.Web.Components.Transcript;

/// <summary>
/// When a transcript's next flush (fold the inbox, render) runs. The first event after a quiet
/// spell, and any urgent one (a status change, a permission request or decision), is shown after
/// <c>quick</c>; while a tab keeps streaming (its last flush was less than <c>streaming</c> ago) the
/// next flush waits until <c>streaming</c> has passed since the last one, so a fast tab renders a
/// few times a second with several events per render instead of once per event. Every event is
/// still folded and shown, in order: only how many go into one render changes.
/// </summary>
internal sealed class FlushPacer(TimeProvider time, TimeSpan quick, TimeSpan streaming)
{
    private long _lastFlush;
    private int _flushed;

    /// <summary>How long to wait before the flush being scheduled now.</summary>
    public TimeSpan NextDelay(bool urgent)
    {
        if (urgent || Volatile.Read(ref _flushed) == 0)
        {
            return quick;
        }

        var since = time.GetElapsedTime(Volatile.Read(ref _lastFlush));
        if (since >= streaming)
        {
            return quick;
        }

        var wait = streaming - since;
        return wait > quick ? wait : quick;
    }

    /// <summary>A flush ran now.</summary>
    public void Flushed()
    {
        Volatile.Write(ref _lastFlush, time.GetTimestamp());
        Volatile.Write(ref _flushed, 1);
    }
}
