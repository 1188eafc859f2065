namespace Grove.Web.Transcript;

public sealed partial class TranscriptFold
{
    /// <summary>
    /// Joins the fold of the events just before this one's (loaded when the user scrolls up) in
    /// front of it. What this fold could not resolve at its start is resolved against the earlier
    /// part: results and sub-agent messages of calls made earlier, decisions on earlier requests,
    /// final texts of blocks that began streaming earlier, and a turn that ended in this part.
    /// The result equals folding all the events in one go.
    /// </summary>
    public void Prepend(TranscriptFold earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        if (earlier.LastSequence == 0 && earlier._items.Count == 0)
        {
            return;
        }

        foreach (var placeholder in _placeholders.ToList())
        {
            if (!earlier._tools.TryGetValue(placeholder.ToolUseId, out var real))
            {
                continue;
            }

            if (placeholder.Result is { } result)
            {
                real.Result = result;
                real.Unfinished = false;
                earlier._openTools.Remove(real);
            }

            if (placeholder.Permission is { } permission)
            {
                real.Permission = permission;
                _requests[permission.RequestId] = real;
                if (_openRequests.Remove(placeholder))
                {
                    _openRequests.Add(real);
                }
            }

            _openTools.Remove(placeholder);

            foreach (var child in placeholder.Children)
            {
                child.Parent = real;
                real.Children.Add(child);
            }

            (placeholder.Parent?.Children ?? _items).Remove(placeholder);
            _placeholders.Remove(placeholder);
            _tools[placeholder.ToolUseId] = real;
            real.Touch();
        }

        foreach (var (requestId, decision) in _orphanDecisions.ToList())
        {
            if (earlier._requests.TryGetValue(requestId, out var tool) && tool.Permission is { } permission)
            {
                permission.Decision = decision;
                earlier._openRequests.Remove(tool);
                _orphanDecisions.Remove(requestId);
                tool.Touch();
            }
        }

        foreach (var requestId in _orphanCancels.ToList())
        {
            if (earlier._requests.TryGetValue(requestId, out var tool) && tool.Permission is { } permission)
            {
                permission.Cancelled = true;
                earlier._openRequests.Remove(tool);
                _orphanCancels.Remove(requestId);
                tool.Touch();
            }
        }

        foreach (var final in _unmatchedFinals.ToList())
        {
            if (earlier.TakeStreaming(final.MessageId, final.Kind) is { } superseded)
            {
                (superseded.Parent?.Children ?? earlier._items).Remove(superseded);
                _unmatchedFinals.Remove(final);
            }
        }

        if (_firstTurnClosed)
        {
            earlier.EndTurn();
        }

        if (_firstSessionNotice is not null && earlier._sawSession && (earlier._sessionId, earlier._model) == _firstSessionKey)
        {
            _items.Remove(_firstSessionNotice);
            _firstSessionNotice = null;
        }

        // The earlier items go before the first one: number them down from it (see TranscriptItem.Ordinal).
        var ordinal = (_items.Count > 0 ? _items[0].Ordinal : _nextOrdinal) - earlier._items.Count;
        foreach (var item in earlier._items)
        {
            item.Ordinal = ordinal++;
        }

        _items.InsertRange(0, earlier._items);
        foreach (var (id, tool) in earlier._tools)
        {
            _tools.TryAdd(id, tool);
        }

        foreach (var (id, tool) in earlier._requests)
        {
            _requests.TryAdd(id, tool);
        }

        _openTools.UnionWith(earlier._openTools);
        _openRequests.UnionWith(earlier._openRequests);
        foreach (var (key, item) in earlier._streaming)
        {
            _streaming.TryAdd(key, item);
        }

        // What is left unresolved now sits at the (new) start.
        _placeholders.InsertRange(0, earlier._placeholders);
        foreach (var (id, decision) in earlier._orphanDecisions)
        {
            _orphanDecisions.TryAdd(id, decision);
        }

        _orphanCancels.UnionWith(earlier._orphanCancels);
        _unmatchedFinals.InsertRange(0, earlier._unmatchedFinals);
        _cuts.InsertRange(0, earlier._cuts);
        _firstTurnClosed |= earlier._firstTurnClosed;
        if (!_sawSession)
        {
            (_sessionId, _model) = (earlier._sessionId, earlier._model);
        }

        _mode ??= earlier._mode;
        if (earlier._sawSession)
        {
            _sawSession = true;
            _firstSessionNotice = earlier._firstSessionNotice;
            _firstSessionKey = earlier._firstSessionKey;
        }
        FirstSequence = earlier.FirstSequence == 0 ? FirstSequence : earlier.FirstSequence;
        if (LastSequence == 0)
        {
            LastSequence = earlier.LastSequence;
        }

        Version++;
    }
}
