using System.Text.Json;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Services.Agents;

namespace Grove.Web.Transcript;

/// <summary>
/// Folds a tab's events (stored transcript rows and live-only ones) into the items of its message
/// list, in order: text deltas stream into one message that the final text replaces, a tool call
/// is paired with its result and its permission request, a sub-agent's events nest inside its call.
/// Pure and single-threaded: the caller serialises access. Earlier events loaded later (scrolling
/// up) are folded on their own and joined with <see cref="Prepend"/>.
/// </summary>
public sealed partial class TranscriptFold
{
    private readonly List<TranscriptItem> _items = [];
    private readonly Dictionary<string, ToolCallItem> _tools = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ToolCallItem> _requests = new(StringComparer.Ordinal);
    private readonly Dictionary<StreamKey, TranscriptItem> _streaming = [];
    private readonly HashSet<ToolCallItem> _openTools = [];
    private readonly HashSet<ToolCallItem> _openRequests = [];

    // What this fold could not resolve because it starts mid-turn (see Prepend).
    private readonly List<ToolCallItem> _placeholders = [];
    private readonly Dictionary<string, PermissionDecisionEvent> _orphanDecisions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _orphanCancels = new(StringComparer.Ordinal);
    private readonly List<(string MessageId, DeltaKind Kind, long? Sequence)> _unmatchedFinals = [];
    private bool _firstTurnClosed;
    private long _nextOrdinal;

    private string? _sessionId;
    private string? _model;
    private string? _mode;
    private bool _sawSession;
    private NoticeItem? _firstSessionNotice;
    private (string? SessionId, string? Model) _firstSessionKey;

    public IReadOnlyList<TranscriptItem> Items => _items;

    /// <summary>The sequence of the first stored event folded (0 when none).</summary>
    public long FirstSequence { get; private set; }

    /// <summary>The sequence of the last stored event folded (0 when none); later ones with a lower or equal sequence are ignored.</summary>
    public long LastSequence { get; private set; }

    /// <summary>The tab's last reported status (running, needsinput, idle, error, interrupted), from live events.</summary>
    public string? TabStatus { get; set; }

    /// <summary>Messages waiting behind the running turn.</summary>
    public int Queued { get; private set; }

    /// <summary>Changes with every visible change.</summary>
    public int Version { get; private set; }

    /// <summary>Tool calls whose permission request is still unanswered.</summary>
    public IEnumerable<ToolCallItem> OpenRequests => _openRequests.Where(t => t.Permission is { IsOpen: true });

    public bool Apply(LiveEvent liveEvent) => Apply(liveEvent.Kind, liveEvent.PayloadJson, liveEvent.Sequence);

    public bool Apply(TranscriptEvent transcriptEvent) => Apply(transcriptEvent.Kind, transcriptEvent.PayloadJson, transcriptEvent.Sequence);

    /// <summary>Folds one event; true when something visible changed. Unknown kinds and unreadable payloads are skipped.</summary>
    public bool Apply(string kind, string payloadJson, long? sequence)
    {
        if (sequence is { } seq)
        {
            if (seq <= LastSequence)
            {
                return false;
            }

            LastSequence = seq;
            if (FirstSequence == 0)
            {
                FirstSequence = seq;
            }

            ResolvePendingCut(seq);
        }

        var itemsBefore = _items.Count;
        var settledAt = IsSettled ? TranscriptItem.Clock : (long?)null;
        bool changed;
        try
        {
            changed = kind switch
            {
                TabEventHub.StatusKind => OnTabStatus(payloadJson),
                "queued" => OnQueued(payloadJson),
                PartialCheckpoint.Kind => OnPartial(JsonSerializer.Deserialize<PartialCheckpoint>(payloadJson, AgentEventJson.Options), sequence),
                _ => OnAgentEvent(AgentEventJson.Deserialize(payloadJson), sequence),
            };
        }
        catch (JsonException)
        {
            return false;
        }
        catch (NotSupportedException)
        {
            return false;
        }

        if (settledAt is { } clock && _items.Count > itemsBefore)
        {
            AddCut(_items[itemsBefore], sequence, clock);
        }

        if (changed)
        {
            Version++;
        }

        return changed;
    }

    /// <summary>
    /// The turn is over (the tab is idle, or stopped without a result): streaming text is final,
    /// running tools are unfinished, unanswered requests expired.
    /// </summary>
    public bool EndTurn()
    {
        _firstTurnClosed = true;
        var changed = false;
        foreach (var item in _streaming.Values)
        {
            SetStreaming(item, false);
            changed = true;
        }

        _streaming.Clear();
        foreach (var tool in _openTools)
        {
            tool.Unfinished = true;
            tool.Touch();
            changed = true;
        }

        _openTools.Clear();
        foreach (var tool in _openRequests)
        {
            if (tool.Permission is { } permission)
            {
                permission.TurnEnded = true;
                permission.Pending = false;
                tool.Touch();
                changed = true;
            }
        }

        _openRequests.Clear();
        if (changed)
        {
            Version++;
        }

        return changed;
    }

    /// <summary>Marks which open requests the run service still holds (only those are actionable); true when any changed.</summary>
    public bool SetPending(IReadOnlySet<string> pendingRequestIds)
    {
        var changed = false;
        foreach (var tool in _openRequests)
        {
            if (tool.Permission is { } permission)
            {
                var pending = permission.IsOpen && pendingRequestIds.Contains(permission.RequestId);
                if (pending != permission.Pending)
                {
                    permission.Pending = pending;
                    tool.Touch();
                    changed = true;
                }
            }
        }

        if (changed)
        {
            Version++;
        }

        return changed;
    }

    /// <summary>Records an answer sent from this page (before its decision event arrives).</summary>
    public void MarkAnswered(ToolCallItem tool, ApprovalAnswer answer)
    {
        if (tool.Permission is { } permission)
        {
            permission.LocalAnswer = answer;
            permission.Pending = false;
            tool.Touch();
            Version++;
        }
    }

    /// <summary>Marks an answer as being sent, or as failed with an error.</summary>
    public void MarkSubmitting(ToolCallItem tool, bool submitting, string? error = null)
    {
        if (tool.Permission is { } permission)
        {
            permission.Submitting = submitting;
            permission.Error = error;
            tool.Touch();
            Version++;
        }
    }

    private bool OnTabStatus(string payloadJson)
    {
        using var document = JsonDocument.Parse(payloadJson);
        var status = document.RootElement.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        var changed = status != TabStatus;
        TabStatus = status;
        if (status is "idle" or "error" or "interrupted")
        {
            changed |= EndTurn();
        }

        return changed;
    }

    private bool OnQueued(string payloadJson)
    {
        using var document = JsonDocument.Parse(payloadJson);
        if (document.RootElement.TryGetProperty("position", out var p) && p.TryGetInt32(out var position))
        {
            Queued = Math.Max(Queued, position);
            return true;
        }

        return false;
    }

    private bool OnAgentEvent(AgentEvent agentEvent, long? sequence) => agentEvent switch
    {
        DeltaEvent delta => OnDelta(delta),
        TextEvent text => OnFinalBlock(text.MessageId, DeltaKind.Text, text.Content, text.ParentToolUseId, sequence),
        ThinkingEvent thinking => OnFinalBlock(thinking.MessageId, DeltaKind.Thinking, thinking.Content, thinking.ParentToolUseId, sequence),
        ToolUseEvent toolUse => OnToolUse(toolUse, sequence),
        ToolResultEvent result => OnToolResult(result, sequence),
        PermissionRequestEvent request => OnPermissionRequest(request, sequence),
        PermissionDecisionEvent decision => OnPermissionDecision(decision),
        UserEvent user => OnUser(user, sequence),
        InitEvent init => OnInit(init, sequence),
        StatusEvent status => OnStatus(status, sequence),
        RetryEvent retry => OnRetry(retry, sequence),
        ResultEvent result => OnResult(result, sequence),
        ErrorEvent error => Add(new ErrorItem(error), null, sequence),
        SystemEvent system => OnSystem(system, sequence),
        _ => false,
    };

    private bool Add(TranscriptItem item, string? parentToolUseId, long? sequence)
    {
        item.Sequence = sequence;
        var parent = parentToolUseId is null ? null : ParentFor(parentToolUseId, sequence);
        item.Parent = parent;
        if (parent is null)
        {
            AddTopLevel(item);
        }
        else
        {
            parent.Children.Add(item);
            parent.Touch();
        }

        return true;
    }

    private void AddTopLevel(TranscriptItem item)
    {
        item.Ordinal = _nextOrdinal++;
        _items.Add(item);
    }

    /// <summary>The sub-agent call items nest in; a placeholder when it started before the loaded events.</summary>
    private ToolCallItem ParentFor(string toolUseId, long? sequence)
    {
        if (_tools.TryGetValue(toolUseId, out var parent))
        {
            return parent;
        }

        parent = new ToolCallItem(toolUseId, "Task", default) { IsPlaceholder = true, Sequence = sequence };
        AddTopLevel(parent);
        _tools[toolUseId] = parent;
        _placeholders.Add(parent);
        return parent;
    }

    private static void SetStreaming(TranscriptItem item, bool streaming)
    {
        switch (item)
        {
            case AssistantTextItem text:
                text.Streaming = streaming;
                break;
            case ThinkingItem thinking:
                thinking.Streaming = streaming;
                break;
        }

        item.Touch();
    }

    private readonly record struct StreamKey(string MessageId, int Index, DeltaKind Kind);
}
