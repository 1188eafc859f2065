namespace Grove.Web.Transcript;

public sealed partial class TranscriptFold
{
    // Where the list can be cut (see TrimTo), oldest first.
    private readonly List<Cut> _cuts = [];

    // A cut before an item made by a live-only event (streaming text): its sequence is the next stored event's.
    private Cut? _pendingCut;

    /// <summary>Nothing streams, runs or waits for an answer: what is folded so far is complete.</summary>
    private bool IsSettled => _streaming.Count == 0 && _openTools.Count == 0 && _openRequests.Count == 0;

    /// <summary>
    /// Drops the oldest items so that about <paramref name="keep"/> are left (a live window: a tab
    /// that streams for hours keeps a bounded list). Returns how many items were dropped.
    /// </summary>
    /// <remarks>
    /// The list is cut only before an item whose stored event came when the fold was settled, and
    /// only if no later event changed an item before it. What is left then equals folding the
    /// events from that one on, so <see cref="FirstSequence"/> moves there and loading the events
    /// before it again (<see cref="Prepend"/>) restores the dropped items. Keeps more than
    /// <paramref name="keep"/> items when no such cut is near (e.g. one long-running sub-agent).
    /// </remarks>
    public int TrimTo(int keep)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keep);
        var limit = _items.Count - keep;
        if (limit <= 0 || _cuts.Count == 0)
        {
            return 0;
        }

        // Never drop what is still open, however old.
        foreach (var open in _streaming.Values.Concat(_openTools).Concat(_openRequests))
        {
            var index = _items.IndexOf(TopLevel(open));
            if (index >= 0)
            {
                limit = Math.Min(limit, index);
            }
        }

        var positions = new Dictionary<TranscriptItem, int>(ReferenceEqualityComparer.Instance);
        var changedBefore = new long[limit + 1];
        for (var i = 0; i < limit; i++)
        {
            positions[_items[i]] = i;
            changedBefore[i + 1] = Math.Max(changedBefore[i], _items[i].ChangedAt);
        }

        if (limit < _items.Count)
        {
            positions[_items[limit]] = limit;
        }

        for (var c = _cuts.Count - 1; c >= 0; c--)
        {
            var cut = _cuts[c];
            if (positions.TryGetValue(cut.First, out var at) && at > 0 && changedBefore[at] <= cut.SettledAt)
            {
                Drop(at, cut.Sequence);
                _cuts.RemoveRange(0, c + 1);
                Version++;
                return at;
            }
        }

        return 0;
    }

    /// <summary>
    /// Notes that <paramref name="first"/> was made while the fold was settled: the list can be
    /// cut before it, the stored events from <paramref name="sequence"/> on making the rest. An
    /// item made by a live-only event is made again, when loaded, by the stored events after it.
    /// </summary>
    private void AddCut(TranscriptItem first, long? sequence, long settledAt)
    {
        if (sequence is { } seq)
        {
            _cuts.Add(new Cut(seq, first, settledAt));
        }
        else
        {
            _pendingCut ??= new Cut(0, first, settledAt);
        }
    }

    private void ResolvePendingCut(long sequence)
    {
        if (_pendingCut is { } pending)
        {
            _cuts.Add(pending with { Sequence = sequence });
            _pendingCut = null;
        }
    }

    private void Drop(int count, long firstSequence)
    {
        var dropped = new HashSet<TranscriptItem>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<TranscriptItem>(_items.Take(count));
        while (pending.TryPop(out var item))
        {
            dropped.Add(item);
            if (item is ToolCallItem tool)
            {
                foreach (var child in tool.Children)
                {
                    pending.Push(child);
                }
            }
        }

        _items.RemoveRange(0, count);
        RemoveWhere(_tools, dropped);
        RemoveWhere(_requests, dropped);
        _placeholders.RemoveAll(dropped.Contains);
        _unmatchedFinals.RemoveAll(f => f.Sequence < firstSequence);
        if (_firstSessionNotice is not null && dropped.Contains(_firstSessionNotice))
        {
            // The dropped part is folded again when it is loaded: its notice comes back with it.
            _firstSessionNotice = null;
        }

        FirstSequence = firstSequence;
    }

    private static void RemoveWhere(Dictionary<string, ToolCallItem> map, HashSet<TranscriptItem> dropped)
    {
        foreach (var (key, tool) in map.ToList())
        {
            if (dropped.Contains(tool))
            {
                map.Remove(key);
            }
        }
    }

    private static TranscriptItem TopLevel(TranscriptItem item)
    {
        while (item.Parent is { } parent)
        {
            item = parent;
        }

        return item;
    }

    /// <summary>
    /// A place to cut: <paramref name="First"/> was made by the stored event <paramref name="Sequence"/>,
    /// folded when the fold was settled and the item clock read <paramref name="SettledAt"/>.
    /// </summary>
    private readonly record struct Cut(long Sequence, TranscriptItem First, long SettledAt);
}
