using System.Text;
using System.Text.Json;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Data.Stores;

namespace Grove.Services.Agents;

/// <summary>
/// A checkpoint of text still streaming (kind <c>partial</c>): the whole text of one block so far.
/// Written at most every ~250 ms while deltas arrive, so a crash loses at most that much; a
/// block's final <c>text</c>/<c>thinking</c> event supersedes its partials.
/// </summary>
public sealed record PartialCheckpoint(string? MessageId, int Index, DeltaKind DeltaKind, string Text)
{
    public const string Kind = "partial";
}

/// <summary>
/// Appends one tab's events to the transcript in arrival order and publishes each to the
/// <see cref="TabEventHub"/> as soon as it is stored. Deltas are published live only and
/// checkpointed as <see cref="PartialCheckpoint"/> rows. One instance per running tab; calls are
/// serialised.
/// </summary>
internal sealed class TranscriptRecorder : IAsyncDisposable
{
    private static readonly JsonSerializerOptions PartialJson = AgentEventJson.Options;

    private readonly string _tabId;
    private readonly ITranscriptStore _store;
    private readonly TabEventHub _hub;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<(string MessageId, int Index), Partial> _partials = [];
    private readonly ITimer _timer;
    private long _lastCheckpoint;

    public TranscriptRecorder(string tabId, ITranscriptStore store, TabEventHub hub, TimeProvider time, TimeSpan interval)
    {
        _tabId = tabId;
        _store = store;
        _hub = hub;
        _time = time;
        _interval = interval;
        _lastCheckpoint = time.GetTimestamp();
        _timer = time.CreateTimer(_ => _ = CheckpointFromTimerAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Stores (or, for a delta, publishes) one event. Returns the stored row, or null for a delta.</summary>
    public async Task<TranscriptEvent?> RecordAsync(AgentEvent agentEvent, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (agentEvent is DeltaEvent delta)
            {
                _hub.Publish(new LiveEvent(_tabId, null, delta.Kind, AgentEventJson.Serialize(delta), _time.GetUtcNow()));
                if (delta.DeltaKind != DeltaKind.InputJson)
                {
                    var key = (delta.MessageId ?? string.Empty, delta.Index);
                    if (!_partials.TryGetValue(key, out var partial))
                    {
                        _partials[key] = partial = new Partial(delta.MessageId, delta.Index, delta.DeltaKind);
                    }

                    partial.Append(delta.Delta);
                    if (_time.GetElapsedTime(_lastCheckpoint) >= _interval)
                    {
                        await CheckpointLockedAsync(cancellationToken);
                    }
                    else
                    {
                        _timer.Change(_interval, Timeout.InfiniteTimeSpan);
                    }
                }

                return null;
            }

            SupersedePartials(agentEvent);
            return await AppendLockedAsync(agentEvent.Kind, AgentEventJson.Serialize(agentEvent), agentEvent.Text, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes every dirty partial now (also called before the recorder goes away).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await CheckpointLockedAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync();
        await FlushAsync(CancellationToken.None);
        _gate.Dispose();
    }

    private async Task CheckpointFromTimerAsync()
    {
        try
        {
            await FlushAsync(CancellationToken.None);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task CheckpointLockedAsync(CancellationToken cancellationToken)
    {
        _lastCheckpoint = _time.GetTimestamp();
        foreach (var partial in _partials.Values.Where(p => p.Dirty))
        {
            var checkpoint = new PartialCheckpoint(partial.MessageId, partial.Index, partial.DeltaKind, partial.Text.ToString());
            await AppendLockedAsync(PartialCheckpoint.Kind, JsonSerializer.Serialize(checkpoint, PartialJson), null, cancellationToken);
            partial.Dirty = false;
        }
    }

    private void SupersedePartials(AgentEvent agentEvent)
    {
        var (messageId, kind) = agentEvent switch
        {
            TextEvent t => (t.MessageId, DeltaKind.Text),
            ThinkingEvent t => (t.MessageId, DeltaKind.Thinking),
            _ => (null, DeltaKind.Text),
        };
        if (messageId is null)
        {
            return;
        }

        // Blocks of one message complete in order: the lowest open index of that kind is this one.
        var done = _partials.Keys.Where(k => k.MessageId == messageId && _partials[k].DeltaKind == kind).OrderBy(k => k.Index).FirstOrDefault();
        if (done.MessageId is not null)
        {
            _partials.Remove(done);
        }
    }

    private async Task<TranscriptEvent> AppendLockedAsync(string kind, string payload, string? text, CancellationToken cancellationToken)
    {
        var stored = await _store.AppendAsync(
            new TranscriptEvent { TabId = _tabId, Kind = kind, PayloadJson = payload, Text = text, CreatedAt = _time.GetUtcNow() },
            cancellationToken);
        _hub.Publish(LiveEvent.From(stored));
        return stored;
    }

    private sealed class Partial(string? messageId, int index, DeltaKind deltaKind)
    {
        public string? MessageId { get; } = messageId;
        public int Index { get; } = index;
        public DeltaKind DeltaKind { get; } = deltaKind;
        public StringBuilder Text { get; } = new();
        public bool Dirty { get; set; }

        public void Append(string delta)
        {
            Text.Append(delta);
            Dirty = true;
        }
    }
}
