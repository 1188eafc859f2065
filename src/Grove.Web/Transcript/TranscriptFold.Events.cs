using System.Globalization;
using System.Text.Json;
using Grove.Core.Agents;
using Grove.Services.Agents;

namespace Grove.Web.Transcript;

public sealed partial class TranscriptFold
{
    private bool _interruptShown;

    private bool OnDelta(DeltaEvent delta)
    {
        if (delta.DeltaKind == DeltaKind.ToolOutput)
        {
            return OnToolOutput(delta);
        }

        if (delta.DeltaKind == DeltaKind.InputJson || delta.Delta.Length == 0)
        {
            return false;
        }

        var item = StreamingItem(new StreamKey(delta.MessageId ?? string.Empty, delta.Index, delta.DeltaKind), delta.ParentToolUseId, null);
        switch (item)
        {
            case AssistantTextItem text:
                text.Text += delta.Delta;
                break;
            case ThinkingItem thinking:
                thinking.Text += delta.Delta;
                break;
        }

        item.Touch();
        return true;
    }

    /// <summary>A running tool's output so far, shown in its card until the result (which holds all of it) arrives.</summary>
    private bool OnToolOutput(DeltaEvent delta)
    {
        if (delta.MessageId is not { } toolUseId || !_tools.TryGetValue(toolUseId, out var tool) || tool.Result is not null || delta.Delta.Length == 0)
        {
            return false;
        }

        tool.AppendLiveOutput(delta.Delta);
        tool.Touch();
        return true;
    }

    /// <summary>A checkpoint of streaming text: the whole block so far (restores it after a reload or a late subscribe).</summary>
    private bool OnPartial(PartialCheckpoint? partial, long? sequence)
    {
        if (partial is null || partial.DeltaKind == DeltaKind.InputJson)
        {
            return false;
        }

        var item = StreamingItem(new StreamKey(partial.MessageId ?? string.Empty, partial.Index, partial.DeltaKind), null, sequence);
        switch (item)
        {
            case AssistantTextItem text when partial.Text.Length >= text.Text.Length:
                text.Text = partial.Text;
                break;
            case ThinkingItem thinking when partial.Text.Length >= thinking.Text.Length:
                thinking.Text = partial.Text;
                break;
            default:
                return false;
        }

        item.Touch();
        return true;
    }

    private TranscriptItem StreamingItem(StreamKey key, string? parentToolUseId, long? sequence)
    {
        if (_streaming.TryGetValue(key, out var item))
        {
            return item;
        }

        var messageId = key.MessageId.Length == 0 ? null : key.MessageId;
        item = key.Kind == DeltaKind.Thinking
            ? new ThinkingItem(messageId) { Streaming = true }
            : new AssistantTextItem(messageId) { Streaming = true };
        Add(item, parentToolUseId, sequence);
        _streaming[key] = item;
        return item;
    }

    /// <summary>The streaming item a block's final text completes: same message and kind, lowest open index.</summary>
    private TranscriptItem? TakeStreaming(string messageId, DeltaKind kind)
    {
        StreamKey? found = null;
        foreach (var key in _streaming.Keys)
        {
            if (key.Kind == kind && (key.MessageId == messageId || key.MessageId.Length == 0) && (found is null || key.Index < found.Value.Index))
            {
                found = key;
            }
        }

        if (found is not { } k)
        {
            return null;
        }

        var item = _streaming[k];
        _streaming.Remove(k);
        return item;
    }

    private bool OnFinalBlock(string messageId, DeltaKind kind, string content, string? parentToolUseId, long? sequence)
    {
        var item = TakeStreaming(messageId, kind);
        if (item is null)
        {
            if (kind == DeltaKind.Text && string.IsNullOrWhiteSpace(content))
            {
                return false;
            }

            if (!_firstTurnClosed)
            {
                _unmatchedFinals.Add((messageId, kind, sequence));
            }

            item = kind == DeltaKind.Thinking ? new ThinkingItem(messageId) : new AssistantTextItem(messageId);
            Add(item, parentToolUseId, sequence);
        }

        switch (item)
        {
            case AssistantTextItem text:
                text.Text = content;
                text.Streaming = false;
                break;
            case ThinkingItem thinking:
                thinking.Text = content;
                thinking.Streaming = false;
                break;
        }

        item.Sequence = sequence ?? item.Sequence;
        item.Touch();
        return true;
    }

    private bool OnToolUse(ToolUseEvent toolUse, long? sequence)
    {
        if (_tools.TryGetValue(toolUse.ToolUseId, out var existing))
        {
            // The permission request (or a placeholder) came first: complete that card in place.
            existing.Name = toolUse.Name;
            existing.Input = toolUse.Input;
            existing.IsPlaceholder = false;
            _placeholders.Remove(existing);
            existing.Touch();
            return true;
        }

        var item = new ToolCallItem(toolUse.ToolUseId, toolUse.Name, toolUse.Input);
        _tools[toolUse.ToolUseId] = item;
        _openTools.Add(item);
        return Add(item, toolUse.ParentToolUseId, sequence);
    }

    private bool OnToolResult(ToolResultEvent result, long? sequence)
    {
        if (!_tools.TryGetValue(result.ToolUseId, out var tool))
        {
            // Its tool_use is before the loaded events: a placeholder until earlier events are loaded.
            tool = new ToolCallItem(result.ToolUseId, string.Empty, default) { IsPlaceholder = true };
            _tools[result.ToolUseId] = tool;
            _placeholders.Add(tool);
            Add(tool, result.ParentToolUseId, sequence);
        }

        tool.Result = result;
        tool.ClearLiveOutput();
        tool.Unfinished = false;
        _openTools.Remove(tool);
        tool.Touch();
        return true;
    }

    private bool OnPermissionRequest(PermissionRequestEvent request, long? sequence)
    {
        var state = new PermissionState(request, sequence);
        var toolUseId = request.ToolUseId ?? request.RequestId;
        if (!_tools.TryGetValue(toolUseId, out var tool))
        {
            // Usually its tool_use follows; if that was before the loaded events, Prepend merges this card into it.
            tool = new ToolCallItem(toolUseId, request.ToolName, request.Input);
            _tools[toolUseId] = tool;
            _openTools.Add(tool);
            if (!_firstTurnClosed)
            {
                _placeholders.Add(tool);
            }

            Add(tool, null, sequence);
        }

        tool.Permission = state;
        _requests[request.RequestId] = tool;
        _openRequests.Add(tool);
        tool.Touch();
        return true;
    }

    private bool OnPermissionDecision(PermissionDecisionEvent decision)
    {
        if (_requests.TryGetValue(decision.RequestId, out var tool) && tool.Permission is { } permission)
        {
            permission.Decision = decision;
            permission.Pending = false;
            _openRequests.Remove(tool);
            tool.Touch();
            return true;
        }

        if (!_firstTurnClosed)
        {
            _orphanDecisions[decision.RequestId] = decision;
        }

        return false;
    }

    private bool CancelRequest(string requestId)
    {
        if (_requests.TryGetValue(requestId, out var tool) && tool.Permission is { } permission)
        {
            permission.Cancelled = true;
            permission.Pending = false;
            _openRequests.Remove(tool);
            tool.Touch();
            return true;
        }

        if (!_firstTurnClosed)
        {
            _orphanCancels.Add(requestId);
        }

        return false;
    }

    private bool OnUser(UserEvent user, long? sequence)
    {
        if (user.FromAgent)
        {
            var text = user.Content.Trim();
            if (text.Length == 0)
            {
                return false;
            }

            return text.StartsWith("[Request interrupted", StringComparison.Ordinal)
                ? OnInterrupted(sequence)
                : Add(new NoticeItem(NoticeKind.Info, text), null, sequence);
        }

        EndTurn();
        _interruptShown = false;
        if (Queued > 0)
        {
            Queued--;
        }

        return Add(new UserMessageItem(user.Content, user.ImageCount), null, sequence);
    }

    private bool OnInit(InitEvent init, long? sequence)
    {
        var isNew = init.SessionId != _sessionId || init.Model != _model;
        _sessionId = init.SessionId;
        _model = init.Model;
        _mode = init.PermissionMode ?? _mode;
        if (!isNew)
        {
            return false;
        }

        var parts = new List<string>();
        if (init.Model is { Length: > 0 } model)
        {
            parts.Add(model);
        }

        if (init.CliVersion is { Length: > 0 } version)
        {
            parts.Add($"{init.Agent ?? "Claude Code"} {version}");
        }

        var notice = new NoticeItem(NoticeKind.Session, parts.Count == 0 ? "Agent session started" : $"Agent session · {string.Join(" · ", parts)}")
        {
            Detail = SessionDetail(init),
        };
        if (!_sawSession)
        {
            // The first session of this fold: a duplicate if the earlier part (see Prepend) ended in the same one.
            _sawSession = true;
            _firstSessionNotice = notice;
            _firstSessionKey = (init.SessionId, init.Model);
        }

        Add(notice, null, sequence);
        var working = init.McpServers.Where(s => s.Status is not ("failed" or "error")).ToList();
        if (working.Count > 0)
        {
            // The agent's own view of its servers, so the user sees what this run really got.
            Add(new NoticeItem(NoticeKind.Info, $"MCP servers: {string.Join(", ", working.Select(s => s.Status is null ? s.Name : $"{s.Name} ({s.Status})"))}"), null, sequence);
        }

        foreach (var failed in init.McpServers.Where(s => s.Status is "failed" or "error"))
        {
            Add(new NoticeItem(NoticeKind.Warning, $"MCP server '{failed.Name}' failed to connect."), null, sequence);
        }

        return true;
    }

    private static bool IsWarning(System.Text.Json.JsonElement raw) =>
        raw.ValueKind == System.Text.Json.JsonValueKind.Object
        && raw.TryGetProperty("warning", out var warning)
        && warning.ValueKind == System.Text.Json.JsonValueKind.True;

    private static string SessionDetail(InitEvent init)
    {
        var lines = new List<string> { $"Session {init.SessionId}" };
        if (init.Cwd is { } cwd)
        {
            lines.Add($"Folder: {cwd}");
        }

        if (init.PermissionMode is { } mode)
        {
            lines.Add($"Permission mode: {mode}");
        }

        if (init.Tools.Count > 0)
        {
            lines.Add($"Tools: {string.Join(", ", init.Tools)}");
        }

        if (init.McpServers.Count > 0)
        {
            lines.Add($"MCP servers: {string.Join(", ", init.McpServers.Select(s => s.Status is null ? s.Name : $"{s.Name} ({s.Status})"))}");
        }

        return string.Join('\n', lines);
    }

    private bool OnStatus(StatusEvent status, long? sequence)
    {
        if (status.Status == "compacting")
        {
            return Add(new NoticeItem(NoticeKind.Info, "Compacting the conversation…"), null, sequence);
        }

        if (status.PermissionMode is not { } mode || mode == _mode)
        {
            return false;
        }

        var previous = _mode;
        _mode = mode;
        return previous is not null && Add(new NoticeItem(NoticeKind.Mode, DescribeMode(mode)), null, sequence);
    }

    internal static string DescribeMode(string mode) => mode switch
    {
        "plan" => "Switched to plan mode (read-only until the plan is approved).",
        "default" => "Switched to agent mode.",
        "acceptEdits" => "Switched to accepting edits automatically.",
        "bypassPermissions" => "Switched to bypassing permission checks.",
        _ => $"Permission mode: {mode}.",
    };

    private bool OnRetry(RetryEvent retry, long? sequence)
    {
        var status = retry.ErrorStatus is { } code ? $"API error {code.ToString(CultureInfo.InvariantCulture)}" : "Connection error";
        var delay = retry.DelayMs > 0 ? string.Create(CultureInfo.InvariantCulture, $" in {retry.DelayMs / 1000.0:0.#} s") : string.Empty;
        var text = $"{status}: retrying{delay} (attempt {retry.Attempt.ToString(CultureInfo.InvariantCulture)} of {retry.MaxRetries.ToString(CultureInfo.InvariantCulture)})";
        if (_items.Count > 0 && _items[^1] is NoticeItem { Kind: NoticeKind.Retry } last)
        {
            last.Text = text;
            last.Detail = retry.Error ?? last.Detail;
            last.Count++;
            last.Touch();
            return true;
        }

        return Add(new NoticeItem(NoticeKind.Retry, text) { Detail = retry.Error }, null, sequence);
    }

    private bool OnResult(ResultEvent result, long? sequence)
    {
        EndTurn();
        return Add(new TurnFooterItem(result), null, sequence);
    }

    /// <summary>Claude says so itself ("[Request interrupted by user]") and Grove records a notice: show it once per turn.</summary>
    private bool OnInterrupted(long? sequence)
    {
        if (_interruptShown)
        {
            return false;
        }

        _interruptShown = true;
        return Add(new NoticeItem(NoticeKind.Interrupted, InterruptedNotice.Message), null, sequence);
    }

    private bool OnSystem(SystemEvent system, long? sequence)
    {
        var raw = system.Raw;
        switch (system.Subtype)
        {
            case "permission_cancelled":
                return ToolInput.String(raw, "request_id") is { } requestId && CancelRequest(requestId);
            case "grove_notice" when InterruptedNotice.Is(raw):
                return OnInterrupted(sequence);
            case "grove_notice" when ResumedNotice.Is(raw):
                return Add(new NoticeItem(NoticeKind.Session, ResumedNotice.Message), null, sequence);
            case "grove_notice":
                return ToolInput.String(raw, "message") is { Length: > 0 } message
                    && Add(new NoticeItem(IsWarning(raw) ? NoticeKind.Warning : NoticeKind.Info, message), null, sequence);
            case "compact_boundary":
                return Add(new NoticeItem(NoticeKind.Info, "The conversation was compacted."), null, sequence);
            case "informational" or "local_command_output":
                var content = ToolInput.String(raw, "content") ?? ToolInput.String(raw, "message");
                return content is { Length: > 0 } && Add(new NoticeItem(NoticeKind.Info, content), null, sequence);
            default:
                return false;
        }
    }
}
