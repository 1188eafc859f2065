using System.Text.Json;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Services.Agents;

namespace Grove.Web.Tests.Transcript;

/// <summary>Builds agent events the way the Claude driver emits them, and numbers them like the store does.</summary>
internal static class Ev
{
    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static JsonElement Obj(object value) => JsonSerializer.SerializeToElement(value);

    public static UserEvent User(string text) => new(text);

    public static InitEvent Init(string session = "s1", string model = "claude-sonnet-4-5") => new(session) { Model = model, CliVersion = "2.1.0", PermissionMode = "default", Cwd = "/work/repo" };

    public static TextEvent Text(string messageId, string content, string? parent = null) => new(messageId, content) { ParentToolUseId = parent };

    public static ThinkingEvent Thinking(string messageId, string content) => new(messageId, content);

    public static DeltaEvent Delta(string messageId, string delta, int index = 0, DeltaKind kind = DeltaKind.Text) => new(messageId, index, kind, delta);

    public static ToolUseEvent Tool(string id, string name, object input, string messageId = "m", string? parent = null) =>
        new(messageId, id, name, Obj(input)) { ParentToolUseId = parent };

    public static ToolResultEvent Result(string id, string content, bool error = false, string? parent = null) =>
        new(id, content) { IsError = error, ParentToolUseId = parent };

    public static PermissionRequestEvent Ask(string requestId, string toolUseId, string tool, object input) =>
        new(requestId, tool, Obj(input)) { ToolUseId = toolUseId };

    public static PermissionDecisionEvent Decide(string requestId, bool allowed, string? message = null) =>
        new(requestId, allowed) { Message = message };

    public static ResultEvent Done(decimal cost = 0.0123m, long input = 1200, long output = 340, long ms = 4200, int turns = 2, bool error = false) =>
        new("s1", error) { CostUsd = cost, InputTokens = input, OutputTokens = output, DurationMs = ms, NumTurns = turns, Subtype = "success", TerminalReason = error ? "api_error" : "completed" };

    /// <summary>Stored rows with sequences 1..n (as the store assigns them).</summary>
    public static List<TranscriptEvent> Rows(string tabId, params AgentEvent[] events) =>
        events.Select((e, i) => e.ToTranscriptEvent(tabId, DateTimeOffset.UnixEpoch) with { Sequence = i + 1 }).ToList();

    public static LiveEvent Live(string tabId, AgentEvent e) => new(tabId, null, e.Kind, AgentEventJson.Serialize(e), DateTimeOffset.UnixEpoch);

    public static LiveEvent Partial(string tabId, long sequence, string messageId, string text, int index = 0) =>
        new(tabId, sequence, PartialCheckpoint.Kind, JsonSerializer.Serialize(new PartialCheckpoint(messageId, index, DeltaKind.Text, text), AgentEventJson.Options), DateTimeOffset.UnixEpoch);

    public static LiveEvent Status(string tabId, string status) => new(tabId, null, TabEventHub.StatusKind, $$"""{"status":"{{status}}"}""", DateTimeOffset.UnixEpoch);
}
