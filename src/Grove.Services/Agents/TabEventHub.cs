using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Grove.Core.Domain;
using Grove.Data.Stores;

namespace Grove.Services.Agents;

/// <summary>
/// One event as subscribers see it: a stored transcript event (with its sequence number), or a
/// live-only one (partial text deltas, Sequence = null) that is never replayed.
/// </summary>
public sealed record LiveEvent(string TabId, long? Sequence, string Kind, string PayloadJson, DateTimeOffset At)
{
    public static LiveEvent From(TranscriptEvent e) => new(e.TabId, e.Sequence, e.Kind, e.PayloadJson, e.CreatedAt);
}

/// <summary>
/// Publishes each tab's events to any number of subscribers (UI, CLI attach). A subscriber that
/// starts late first gets the stored events after the sequence it names, then live ones, with no
/// gap and no duplicate: it registers before reading the store and drops what it already saw.
/// </summary>
public sealed class TabEventHub(ITranscriptStore transcripts)
{
    /// <summary>The event kind that reports a tab's status (running, needsinput, idle, error…).</summary>
    public const string StatusKind = "tab_status";

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Channel<LiveEvent>>> _subscribers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, Channel<LiveEvent>> _statusSubscribers = new();

    /// <summary>Hands an event to every current subscriber of its tab (never blocks).</summary>
    public void Publish(LiveEvent liveEvent)
    {
        if (liveEvent.Kind == StatusKind)
        {
            foreach (var channel in _statusSubscribers.Values)
            {
                channel.Writer.TryWrite(liveEvent);
            }
        }

        if (_subscribers.TryGetValue(liveEvent.TabId, out var channels))
        {
            foreach (var channel in channels.Values)
            {
                channel.Writer.TryWrite(liveEvent);
            }
        }
    }

    /// <summary>Stored events with Sequence &gt; <paramref name="afterSequence"/>, then live events, until cancelled.</summary>
    public async IAsyncEnumerable<LiveEvent> SubscribeAsync(string tabId, long afterSequence = 0, bool includeLiveOnly = true, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var id = Guid.NewGuid();
        var channel = Channel.CreateUnbounded<LiveEvent>(new UnboundedChannelOptions { SingleReader = true });
        var channels = _subscribers.GetOrAdd(tabId, _ => new ConcurrentDictionary<Guid, Channel<LiveEvent>>());
        channels[id] = channel;
        try
        {
            var last = afterSequence;
            while (true)
            {
                var page = await transcripts.ReadAsync(tabId, last, 1000, cancellationToken);
                foreach (var stored in page)
                {
                    last = stored.Sequence;
                    yield return LiveEvent.From(stored);
                }

                if (page.Count < 1000)
                {
                    break;
                }
            }

            await foreach (var live in channel.Reader.ReadAllAsync(cancellationToken))
            {
                if (live.Sequence is { } sequence)
                {
                    if (sequence <= last)
                    {
                        continue;
                    }

                    if (sequence > last + 1)
                    {
                        // Something was published before we registered but after our read: fetch the gap.
                        // Dropped partial checkpoints leave gaps, so the read may reach this event or past it.
                        foreach (var missed in await transcripts.ReadAsync(tabId, last, (int)Math.Min(sequence - last - 1, 10_000), cancellationToken))
                        {
                            if (missed.Sequence >= sequence)
                            {
                                break;
                            }

                            last = missed.Sequence;
                            yield return LiveEvent.From(missed);
                        }
                    }

                    last = sequence;
                }
                else if (!includeLiveOnly)
                {
                    continue;
                }

                yield return live;
            }
        }
        finally
        {
            channels.TryRemove(id, out _);
        }
    }

    /// <summary>Status changes of every tab, live only (for a sidebar), until cancelled.</summary>
    public async IAsyncEnumerable<LiveEvent> SubscribeStatusAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var id = Guid.NewGuid();
        var channel = Channel.CreateUnbounded<LiveEvent>(new UnboundedChannelOptions { SingleReader = true });
        _statusSubscribers[id] = channel;
        try
        {
            await foreach (var live in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return live;
            }
        }
        finally
        {
            _statusSubscribers.TryRemove(id, out _);
        }
    }

    /// <summary>Number of live subscribers of a tab (for tests and diagnostics).</summary>
    public int SubscriberCount(string tabId) => _subscribers.TryGetValue(tabId, out var channels) ? channels.Count : 0;
}
