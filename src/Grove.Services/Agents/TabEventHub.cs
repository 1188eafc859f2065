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

    private readonly ConcurrentDictionary<string, Fanout> _subscribers = new(StringComparer.Ordinal);
    private readonly Fanout _statusSubscribers = new();

    /// <summary>Hands an event to every current subscriber of its tab (never blocks, allocates nothing).</summary>
    public void Publish(LiveEvent liveEvent)
    {
        if (liveEvent.Kind == StatusKind)
        {
            _statusSubscribers.Write(liveEvent);
        }

        if (_subscribers.TryGetValue(liveEvent.TabId, out var fanout))
        {
            fanout.Write(liveEvent);
        }
    }

    /// <summary>Stored events with Sequence &gt; <paramref name="afterSequence"/>, then live events, until cancelled.</summary>
    public async IAsyncEnumerable<LiveEvent> SubscribeAsync(string tabId, long afterSequence = 0, bool includeLiveOnly = true, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<LiveEvent>(new UnboundedChannelOptions { SingleReader = true });
        var fanout = _subscribers.GetOrAdd(tabId, _ => new Fanout());
        var subscriber = new Subscriber(channel, null);
        fanout.Add(subscriber);
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
            fanout.Remove(subscriber);
        }
    }

    /// <summary>
    /// Live events of one tab whose kind is one of <paramref name="kinds"/> (e.g. its status and queue
    /// notices, for a composer), until cancelled. Nothing stored is replayed, and an event of another kind
    /// never reaches the subscriber: a streaming tab's transcript rows cost it nothing, not even a wake-up.
    /// </summary>
    public IAsyncEnumerable<LiveEvent> SubscribeKindsAsync(string tabId, IReadOnlyCollection<string> kinds, CancellationToken cancellationToken = default) =>
        FollowAsync(_subscribers.GetOrAdd(tabId, _ => new Fanout()), [.. kinds], cancellationToken);

    /// <summary>Status changes of every tab, live only (for a sidebar), until cancelled.</summary>
    public IAsyncEnumerable<LiveEvent> SubscribeStatusAsync(CancellationToken cancellationToken = default) =>
        FollowAsync(_statusSubscribers, null, cancellationToken);

    /// <summary>The live events <paramref name="fanout"/> writes (of <paramref name="kinds"/>, or all), until cancelled.</summary>
    private static async IAsyncEnumerable<LiveEvent> FollowAsync(Fanout fanout, string[]? kinds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<LiveEvent>(new UnboundedChannelOptions { SingleReader = true });
        var subscriber = new Subscriber(channel, kinds);
        fanout.Add(subscriber);
        try
        {
            await foreach (var live in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return live;
            }
        }
        finally
        {
            fanout.Remove(subscriber);
        }
    }

    /// <summary>Number of live subscribers of a tab (for tests and diagnostics).</summary>
    public int SubscriberCount(string tabId) => _subscribers.TryGetValue(tabId, out var fanout) ? fanout.Count : 0;

    /// <summary>
    /// The subscribers of one tab (or of status changes) as an array replaced on every (rare)
    /// subscribe and unsubscribe, so a publish (every event) reads it without a lock or an allocation.
    /// </summary>
    private sealed class Fanout
    {
        private readonly Lock _lock = new();
        private Subscriber[] _subscribers = [];

        public int Count => Volatile.Read(ref _subscribers).Length;

        public void Write(LiveEvent liveEvent)
        {
            foreach (var subscriber in Volatile.Read(ref _subscribers))
            {
                if (subscriber.Kinds is null || Array.IndexOf(subscriber.Kinds, liveEvent.Kind) >= 0)
                {
                    subscriber.Channel.Writer.TryWrite(liveEvent);
                }
            }
        }

        public void Add(Subscriber subscriber)
        {
            lock (_lock)
            {
                Volatile.Write(ref _subscribers, [.. _subscribers, subscriber]);
            }
        }

        public void Remove(Subscriber subscriber)
        {
            lock (_lock)
            {
                Volatile.Write(ref _subscribers, Array.FindAll(_subscribers, s => !ReferenceEquals(s, subscriber)));
            }
        }
    }

    /// <summary>One subscriber's channel, and the kinds it takes (null: every kind).</summary>
    private sealed record Subscriber(Channel<LiveEvent> Channel, string[]? Kinds);
}
