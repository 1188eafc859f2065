using System.Text.Json;
using Grove.Core.Agents;
using Grove.Services.Agents;
using Grove.Web.Transcript.Rendering;
using Microsoft.AspNetCore.Components;

namespace Grove.Web.Transcript;

/// <summary>
/// One thing the message list shows. Items are mutable so a live event can update one in place
/// (a streaming message, a tool card receiving its result); <see cref="Version"/> changes with
/// every update, so a view re-renders only the items that changed.
/// </summary>
public abstract class TranscriptItem
{
    private static long s_nextId;
    private static long s_clock;

    /// <summary>Unique for the life of the process (a stable render key, also across prepends).</summary>
    public long Id { get; } = Interlocked.Increment(ref s_nextId);

    /// <summary>The sequence of the stored event that created the item; null while it exists only live.</summary>
    public long? Sequence { get; internal set; }

    public int Version { get; private set; }

    /// <summary>
    /// The item's place in its fold's top-level list: increases along the list and stays the same while
    /// the item is listed (items are appended, dropped from the front, or put before the first), so the
    /// view can group the list into blocks that keep their items across renders.
    /// </summary>
    internal long Ordinal { get; set; }

    /// <summary>When the item (or an item inside it) last changed, on a process-wide clock (see <see cref="TranscriptFold.TrimTo"/>).</summary>
    internal long ChangedAt { get; private set; }

    /// <summary>The clock <see cref="ChangedAt"/> is read against.</summary>
    internal static long Clock => Volatile.Read(ref s_clock);

    /// <summary>The sub-agent call this item belongs to; null at top level.</summary>
    public ToolCallItem? Parent { get; internal set; }

    /// <summary>The stable <c>data-kind</c> of the item (user, assistant, thinking, tool, plan, question, error, notice, retry, init, result).</summary>
    public abstract string DataKind { get; }

    /// <summary>Marks the item (and the sub-agent cards around it) changed.</summary>
    internal void Touch()
    {
        Version++;
        ChangedAt = Interlocked.Increment(ref s_clock);
        Parent?.Touch();
    }
}

/// <summary>A message the user sent.</summary>
public sealed class UserMessageItem(string text, int imageCount) : TranscriptItem
{
    public string Text { get; } = text;

    public int ImageCount { get; } = imageCount;

    public override string DataKind => "user";
}

/// <summary>Assistant text (markdown), possibly still streaming.</summary>
public sealed class AssistantTextItem(string? messageId) : TranscriptItem
{
    private readonly RenderedMarkdown _html = new();

    public string? MessageId { get; } = messageId;

    public string Text { get; internal set; } = string.Empty;

    /// <summary>The text as safe HTML, rendered once per text.</summary>
    public MarkupString Html => _html.Of(Text);

    /// <summary>True while deltas arrive; false once the final text replaced them (or the turn ended).</summary>
    public bool Streaming { get; internal set; }

    public override string DataKind => "assistant";
}

/// <summary>A thinking block, shown collapsed.</summary>
public sealed class ThinkingItem(string? messageId) : TranscriptItem
{
    private readonly RenderedMarkdown _html = new();

    public string? MessageId { get; } = messageId;

    public string Text { get; internal set; } = string.Empty;

    /// <summary>The text as safe HTML, rendered once per text.</summary>
    public MarkupString Html => _html.Of(Text);

    public bool Streaming { get; internal set; }

    public override string DataKind => "thinking";
}

/// <summary>
/// A tool call: the <c>tool_use</c>, its <c>tool_result</c> (paired by tool-use id), the permission
/// request for it when the agent asked, and, for a sub-agent (Task), the sub-agent's own items.
/// </summary>
public sealed class ToolCallItem(string toolUseId, string name, JsonElement input) : TranscriptItem
{
    public string ToolUseId { get; } = toolUseId;

    public string Name { get; internal set; } = name;

    public JsonElement Input { get; internal set; } = input;

    public ToolKind Tool => ToolKinds.Of(Name);

    public ToolResultEvent? Result { get; internal set; }

    public PermissionState? Permission { get; internal set; }

    /// <summary>The sub-agent's messages and tool calls (Task), in order.</summary>
    public List<TranscriptItem> Children { get; } = [];

    /// <summary>The turn ended before the tool produced a result (interrupted, denied, crashed).</summary>
    public bool Unfinished { get; internal set; }

    /// <summary>
    /// Created only because something referred to it (a result or a sub-agent message) before its
    /// <c>tool_use</c> was loaded; merged with the real call when earlier events are loaded.
    /// </summary>
    public bool IsPlaceholder { get; internal set; }

    public bool IsError => Result?.IsError == true;

    public bool IsDenied => Permission?.Decision is { Allowed: false };

    public bool IsRunning => Result is null && !Unfinished && !IsDenied;

    /// <summary>
    /// What the running tool printed so far (live only, never stored; its result holds all of it),
    /// kept to the last <see cref="LiveOutputLimit"/> characters. Empty once the result is in.
    /// </summary>
    public string LiveOutput => _liveOutput?.ToString() ?? string.Empty;

    internal const int LiveOutputLimit = 20_000;

    private System.Text.StringBuilder? _liveOutput;

    internal void AppendLiveOutput(string text)
    {
        _liveOutput ??= new System.Text.StringBuilder();
        _liveOutput.Append(text);
        if (_liveOutput.Length > LiveOutputLimit)
        {
            _liveOutput.Remove(0, _liveOutput.Length - LiveOutputLimit);
        }
    }

    internal void ClearLiveOutput() => _liveOutput = null;

    public override string DataKind => Tool switch
    {
        ToolKind.Plan => "plan",
        ToolKind.Question => "question",
        _ => "tool",
    };
}

/// <summary>A permission request on a tool call, and what became of it.</summary>
public sealed class PermissionState(PermissionRequestEvent request, long? sequence)
{
    public PermissionRequestEvent Request { get; } = request;

    public string RequestId => Request.RequestId;

    public long? Sequence { get; } = sequence;

    public PermissionDecisionEvent? Decision { get; internal set; }

    /// <summary>The agent withdrew the request (e.g. the turn was interrupted).</summary>
    public bool Cancelled { get; internal set; }

    /// <summary>The turn ended without an answer.</summary>
    public bool TurnEnded { get; internal set; }

    /// <summary>Still held by the run service for a person (see <c>IAgentRuns.GetPending</c>).</summary>
    public bool Pending { get; internal set; }

    /// <summary>An answer is being sent from this page.</summary>
    public bool Submitting { get; internal set; }

    /// <summary>What the user picked on this page (the decision event does not say "always").</summary>
    public ApprovalAnswer? LocalAnswer { get; internal set; }

    public string? Error { get; internal set; }

    public bool IsOpen => Decision is null && !Cancelled && !TurnEnded && LocalAnswer is null;

    /// <summary>The buttons work: nobody answered yet and the run service still waits for an answer.</summary>
    public bool Actionable => IsOpen && Pending && !Submitting;
}

/// <summary>An error with its readable text.</summary>
public sealed class ErrorItem(ErrorEvent error) : TranscriptItem
{
    public ErrorEvent Error { get; } = error;

    public override string DataKind => "error";
}

public enum NoticeKind
{
    Info,
    Interrupted,
    Mode,
    Session,
    Retry,
    Warning,
}

/// <summary>A one-line notice: an interruption, a mode change, a new session, a retry, a Grove note.</summary>
public sealed class NoticeItem(NoticeKind kind, string text) : TranscriptItem
{
    public NoticeKind Kind { get; } = kind;

    public string Text { get; internal set; } = text;

    public string? Detail { get; internal set; }

    /// <summary>How many consecutive retries this notice stands for.</summary>
    public int Count { get; internal set; } = 1;

    public override string DataKind => Kind switch
    {
        NoticeKind.Retry => "retry",
        NoticeKind.Session => "init",
        _ => "notice",
    };
}

/// <summary>The end of a turn: cost, tokens, duration, number of model turns.</summary>
public sealed class TurnFooterItem(ResultEvent result) : TranscriptItem
{
    public ResultEvent Result { get; } = result;

    public override string DataKind => "result";
}
