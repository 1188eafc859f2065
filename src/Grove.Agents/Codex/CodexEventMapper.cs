using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grove.Agents.ClaudeCode;
using Grove.Core.Agents;

namespace Grove.Agents.Codex;

/// <summary>
/// Turns Codex app-server notifications and approval requests into Grove's <see cref="AgentEvent"/>s,
/// shaped like Claude's so the transcript, cards and permission rules treat both alike: command
/// executions are <c>Bash</c> tool uses (input <c>command</c>), file changes are <c>Write</c>
/// (one added file, input <c>file_path</c> + <c>content</c>) or <c>Edit</c> (input <c>file_path</c> when
/// one file, + <c>changes</c> with each diff), MCP calls are <c>mcp__server__tool</c>, plan updates are
/// <c>TodoWrite</c>. One per session (it keeps the turn's state); never throws on odd input.
/// </summary>
internal sealed partial class CodexEventMapper(string requestPrefix)
{
    private readonly Dictionary<string, (string Tool, JsonElement Input)> _fileChanges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _mcpCalls = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _mcpApprovals = new(StringComparer.Ordinal);
    private CodexTokenCounts _total = CodexTokenCounts.Zero;
    private CodexTokenCounts _turnStartTotal = CodexTokenCounts.Zero;
    private string? _lastAgentText;
    private int _denials;
    private int _planUpdates;

    public string? ThreadId { get; set; }

    public string? Model { get; set; }

    /// <summary>The running turn's id (set by <c>turn/started</c> or the <c>turn/start</c> answer), null between turns.</summary>
    public string? TurnId { get; set; }

    /// <summary>The run's MCP servers as they start (the session waits on it before the first turn).</summary>
    public CodexMcpStartup McpStartup { get; } = new();

    /// <summary>Events for one notification; empty for the ones Grove does not show (status, rate limits…).</summary>
    public IReadOnlyList<AgentEvent> Notification(string method, JsonElement p)
    {
        switch (method)
        {
            case "turn/started":
                TurnId = p.Property("turn")?.String("id") ?? TurnId;
                _turnStartTotal = _total;
                _lastAgentText = null;
                _denials = 0;
                return [];
            case "item/agentMessage/delta":
                return Delta(p, DeltaKind.Text);
            case "item/reasoning/summaryTextDelta" or "item/reasoning/textDelta":
                return Delta(p, DeltaKind.Thinking);
            case "item/commandExecution/outputDelta":
                // Live only (the tool use id is the item id); the whole output comes in the item's result.
                return Delta(p, DeltaKind.ToolOutput);
            case "item/started":
                return p.Property("item") is { } started ? ItemStarted(started) : [];
            case "item/completed":
                return p.Property("item") is { } completed ? ItemCompleted(completed) : [];
            case "turn/plan/updated":
                return PlanUpdated(p);
            case "thread/tokenUsage/updated":
                if (p.Property("tokenUsage")?.Property("total") is { } total)
                {
                    _total = new CodexTokenCounts(total.Long("inputTokens") ?? 0, total.Long("cachedInputTokens") ?? 0, total.Long("outputTokens") ?? 0);
                }

                return [];
            case "turn/completed":
                return p.Property("turn") is { } turn ? [TurnCompleted(turn, p.String("threadId"))] : [];
            case "error":
                return [Error(p)];
            case "warning" or "configWarning" or "deprecationNotice" or "guardianWarning" or "thread/compacted" or "model/rerouted":
                return [new SystemEvent("codex_" + method.Replace('/', '_'), p.ValueKind == JsonValueKind.Undefined ? Empty : p)];
            case "mcpServer/startupStatus/updated":
                return McpStartupUpdated(p);
            default:
                // thread/status, rate limits, diffs, file-change output, hooks, MCP start-up…: nothing to show.
                return [];
        }
    }

    /// <summary>Tracks a server's start-up; one that failed leaves a notice naming it and Codex's reason.</summary>
    private List<AgentEvent> McpStartupUpdated(JsonElement p)
    {
        if (p.String("name") is not { } name || p.String("status") is not { } status)
        {
            return [];
        }

        McpStartup.Update(name, status);
        return status == "failed"
            ? [new SystemEvent("grove_notice", JsonSerializer.SerializeToElement(new { message = $"The MCP server '{name}' did not start: {p.String("error") ?? "no reason given"}." }))]
            : [];
    }

    /// <summary>
    /// A stored thread (<c>thread/read</c> with turns) as the events its items made while they ran, in
    /// order: tool uses, results, text, reasoning (a command still running when the process died has
    /// a use and no result). Turn results and user messages are not in it.
    /// </summary>
    public IReadOnlyList<AgentEvent> StoredItems(JsonElement thread)
    {
        var events = new List<AgentEvent>();
        foreach (var turn in thread.Array("turns"))
        {
            TurnId = turn.String("id");
            foreach (var item in turn.Array("items"))
            {
                events.AddRange(ItemStarted(item));
                if (item.String("status") is not "inProgress")
                {
                    events.AddRange(ItemCompleted(item));
                }
            }
        }

        TurnId = null;
        return events;
    }

    /// <summary>
    /// An approval request as a permission ask, or null for a request Grove does not answer with a
    /// card (it gets an error reply, which Codex treats as a refusal).
    /// </summary>
    public PermissionRequestEvent? Approval(CodexLine request)
    {
        var p = request.Params;
        var itemId = p.String("itemId");
        var requestId = $"{requestPrefix}-{request.IdText.Trim('"')}";
        switch (request.Method)
        {
            case "item/commandExecution/requestApproval":
            {
                var input = Object(("command", CommandText(p.String("command"), p)), ("cwd", p.String("cwd")), ("description", p.String("reason")));
                return new PermissionRequestEvent(requestId, "Bash", input)
                {
                    ToolUseId = itemId,
                    Description = p.String("reason") ?? CommandText(p.String("command"), p),
                };
            }

            case "item/fileChange/requestApproval":
            {
                var (tool, input) = itemId is not null && _fileChanges.TryGetValue(itemId, out var change) ? change : ("Edit", Object());
                return new PermissionRequestEvent(requestId, tool, input)
                {
                    ToolUseId = itemId,
                    Description = p.String("reason"),
                    BlockedPath = p.String("grantRoot"),
                };
            }

            case "mcpServer/elicitation/request" when p.Property("_meta")?.String("codex_approval_kind") == "mcp_tool_call":
            {
                // Codex asks before an MCP tool that is not marked read-only; the card is Claude's mcp__server__tool ask.
                var meta = p.Property("_meta")!.Value;
                var server = p.String("serverName") ?? "server";
                var tool = meta.String("tool_name") ?? "tool";
                _mcpApprovals[requestId] = true;
                return new PermissionRequestEvent(requestId, $"mcp__{server}__{tool}", meta.Property("tool_params") ?? Object())
                {
                    ToolUseId = _mcpCalls.GetValueOrDefault($"{server}\n{tool}"),
                    Description = p.String("message"),
                };
            }

            default:
                return null;
        }
    }

    /// <summary>
    /// True when <paramref name="requestId"/> is an MCP tool approval (an elicitation, answered
    /// <c>{"action": …}</c>) rather than a command or file-change approval (<c>{"decision": …}</c>).
    /// </summary>
    public bool IsMcpApproval(string requestId) => _mcpApprovals.ContainsKey(requestId);

    /// <summary>Forgets an answered approval.</summary>
    public void Answered(string requestId) => _mcpApprovals.TryRemove(requestId, out _);

    /// <summary>Counts a refused call for the turn's result.</summary>
    public void CountDenial() => _denials++;

    private IReadOnlyList<AgentEvent> Delta(JsonElement p, DeltaKind kind) =>
        p.String("delta") is { Length: > 0 } delta ? [new DeltaEvent(p.String("itemId"), (int)(p.Long("summaryIndex") ?? 0), kind, delta)] : [];

    private IReadOnlyList<AgentEvent> ItemStarted(JsonElement item)
    {
        var id = item.String("id") ?? string.Empty;
        var messageId = TurnId ?? id;
        switch (item.String("type"))
        {
            case "commandExecution":
                return [new ToolUseEvent(messageId, id, "Bash", Object(("command", CommandText(item.String("command"), item)), ("cwd", item.String("cwd"))))];
            case "fileChange":
            {
                var change = FileChange(item);
                _fileChanges[id] = change;
                return [new ToolUseEvent(messageId, id, change.Tool, change.Input)];
            }

            case "mcpToolCall":
                _mcpCalls[$"{item.String("server")}\n{item.String("tool")}"] = id;
                return [new ToolUseEvent(messageId, id, $"mcp__{item.String("server")}__{item.String("tool")}", item.Property("arguments") ?? Empty)];
            case "dynamicToolCall":
                return [new ToolUseEvent(messageId, id, item.String("tool") ?? "tool", item.Property("arguments") ?? Empty)];
            default:
                return [];
        }
    }

    private IReadOnlyList<AgentEvent> ItemCompleted(JsonElement item)
    {
        var id = item.String("id") ?? string.Empty;
        var status = item.String("status");
        switch (item.String("type"))
        {
            case "agentMessage":
                var text = item.String("text") ?? string.Empty;
                _lastAgentText = text;
                return text.Length == 0 ? [] : [new TextEvent(id, text)];
            case "reasoning":
                var thinking = string.Join("\n\n", item.Array("summary").Concat(item.Array("content"))
                    .Select(s => s.ValueKind == JsonValueKind.String ? s.GetString() : s.String("text")).Where(s => !string.IsNullOrEmpty(s)));
                return thinking.Length == 0 ? [] : [new ThinkingEvent(id, thinking)];
            case "plan":
                return item.String("text") is { Length: > 0 } plan ? [new TextEvent(id, plan)] : [];
            case "commandExecution":
            {
                var output = item.String("aggregatedOutput") ?? string.Empty;
                var exitCode = item.Int("exitCode");
                var failed = status is "failed" or "declined" || exitCode is not (null or 0);
                var content = status == "declined" ? "The user refused to run this command." : output.Length > 0 ? output : $"(exit code {exitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"})";
                return [new ToolResultEvent(id, content) { IsError = failed, ToolUseResult = Object(("exit_code", exitCode), ("status", status)) }];
            }

            case "fileChange":
            {
                _fileChanges.Remove(id);
                var paths = string.Join(", ", item.Array("changes").Select(c => c.String("path")).Where(p => p is not null));
                var content = status switch
                {
                    "completed" => $"Changed {paths}",
                    "declined" => $"The user refused the change to {paths}.",
                    _ => $"The change to {paths} failed.",
                };
                return [new ToolResultEvent(id, content) { IsError = status != "completed", ToolUseResult = Object(("status", status)) }];
            }

            case "mcpToolCall":
            {
                var error = item.Property("error")?.String("message");
                var content = error ?? string.Join("\n", (item.Property("result") ?? Empty).Array("content")
                    .Select(c => c.String("text") ?? c.GetRawText()));
                return [new ToolResultEvent(id, content) { IsError = error is not null || status == "failed" }];
            }

            case "dynamicToolCall":
                return [new ToolResultEvent(id, status ?? string.Empty) { IsError = status == "failed" }];
            case "webSearch":
                return [new ToolUseEvent(TurnId ?? id, id, "WebSearch", Object(("query", item.String("query"))))];
            case "contextCompaction":
                return [new SystemEvent("codex_compacted", item)];
            default:
                return [];
        }
    }

    private IReadOnlyList<AgentEvent> PlanUpdated(JsonElement p)
    {
        var todos = new JsonArray();
        foreach (var step in p.Array("plan"))
        {
            var status = step.String("status") switch
            {
                "completed" => "completed",
                "inProgress" or "in_progress" => "in_progress",
                _ => "pending",
            };
            todos.Add(new JsonObject { ["content"] = step.String("step"), ["status"] = status, ["activeForm"] = step.String("step") });
        }

        var toolUseId = $"plan-{TurnId}-{++_planUpdates}";
        var input = JsonSerializer.SerializeToElement(new JsonObject { ["todos"] = todos, ["explanation"] = p.String("explanation") });
        return [new ToolUseEvent(TurnId ?? toolUseId, toolUseId, "TodoWrite", input), new ToolResultEvent(toolUseId, "Plan updated")];
    }

    private ResultEvent TurnCompleted(JsonElement turn, string? threadId)
    {
        var status = turn.String("status");
        var error = turn.Property("error")?.String("message");
        var used = _total.Minus(_turnStartTotal);
        TurnId = null;
        var interrupted = status == "interrupted";
        var failed = status == "failed";
        return new ResultEvent(threadId ?? ThreadId, interrupted || failed)
        {
            ResultText = failed ? error ?? "The turn failed." : _lastAgentText,
            Subtype = interrupted || failed ? "error_during_execution" : ResultSubtypes.Success,
            TerminalReason = interrupted ? "aborted_streaming" : failed ? "api_error" : "completed",
            InputTokens = used.InputTokens,
            OutputTokens = used.OutputTokens,
            CostUsd = CodexPricing.Cost(Model, _total),
            DurationMs = turn.Long("durationMs"),
            NumTurns = 1,
            DenialCount = _denials,
        };
    }

    private static AgentEvent Error(JsonElement p)
    {
        var error = p.Property("error") ?? Empty;
        var message = error.String("message") ?? "Codex reported an error.";
        var (kind, status) = Classify(error.Property("codexErrorInfo"));
        if (p.Bool("willRetry"))
        {
            return new RetryEvent(0, 0) { Error = message, ErrorStatus = status };
        }

        return new ErrorEvent(kind, message) { Detail = error.String("additionalDetails"), HttpStatus = status };
    }

    /// <summary>Codex's <c>codexErrorInfo</c> as Grove's error kind and the HTTP status when it carries one.</summary>
    internal static (AgentErrorKind Kind, int? HttpStatus) Classify(JsonElement? info)
    {
        if (info is not { } value)
        {
            return (AgentErrorKind.Unknown, null);
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString() switch
            {
                "unauthorized" => (AgentErrorKind.InvalidApiKey, 401),
                "rateLimitExceeded" or "usageLimitExceeded" => (AgentErrorKind.RateLimit, 429),
                "serverOverloaded" => (AgentErrorKind.Overloaded, 503),
                "cyberPolicy" or "bioPolicy" or "misalignmentPolicyViolation" => (AgentErrorKind.UsagePolicy, null),
                "threadRollbackFailed" => (AgentErrorKind.SessionNotFound, null),
                _ => (AgentErrorKind.Unknown, null),
            };
        }

        foreach (var name in new[] { "httpConnectionFailed", "responseStreamConnectionFailed", "responseStreamDisconnected", "responseTooManyFailedAttempts" })
        {
            if (value.Property(name) is { } connection)
            {
                var status = connection.Int("httpStatusCode");
                return (status switch { 401 => AgentErrorKind.InvalidApiKey, 429 => AgentErrorKind.RateLimit, 503 or 529 => AgentErrorKind.Overloaded, _ => AgentErrorKind.Network }, status);
            }
        }

        return (AgentErrorKind.Unknown, null);
    }

    private static (string Tool, JsonElement Input) FileChange(JsonElement item)
    {
        var changes = item.Array("changes").ToList();
        var list = new JsonArray();
        foreach (var change in changes)
        {
            list.Add(new JsonObject
            {
                ["path"] = change.String("path"),
                ["kind"] = change.Property("kind")?.String("type"),
                ["move_path"] = change.Property("kind")?.String("move_path"),
                ["diff"] = change.String("diff"),
            });
        }

        if (changes.Count == 1 && changes[0].Property("kind")?.String("type") == "add")
        {
            return ("Write", JsonSerializer.SerializeToElement(new JsonObject
            {
                ["file_path"] = changes[0].String("path"),
                ["content"] = changes[0].String("diff"),
                ["changes"] = list,
            }));
        }

        // One file: its path is what accept-edits and path rules check; several: no single path, so they ask.
        var node = new JsonObject();
        if (changes.Count == 1 && changes[0].Property("kind")?.String("move_path") is null)
        {
            node["file_path"] = changes[0].String("path");
        }

        node["changes"] = list;
        return ("Edit", JsonSerializer.SerializeToElement(node));
    }

    /// <summary>The command as the model wrote it: Codex wraps it as <c>/bin/bash -lc '…'</c>; its parsed action holds the inner text.</summary>
    internal static string CommandText(string? command, JsonElement holder)
    {
        var actions = holder.Array("commandActions").ToList();
        if (actions.Count == 1 && actions[0].String("command") is { Length: > 0 } inner)
        {
            return inner;
        }

        if (command is not null && ShellWrapper().Match(command) is { Success: true } match)
        {
            return match.Groups["inner"].Value;
        }

        return command ?? string.Empty;
    }

    private static JsonElement Empty { get; } = JsonSerializer.SerializeToElement(new JsonObject());

    private static JsonElement Object(params (string Name, object? Value)[] properties)
    {
        var node = new JsonObject();
        foreach (var (name, value) in properties)
        {
            node[name] = value switch
            {
                string text => JsonValue.Create(text),
                int number => JsonValue.Create(number),
                long number => JsonValue.Create(number),
                bool flag => JsonValue.Create(flag),
                _ => null,
            };

            if (node[name] is null)
            {
                node.Remove(name);
            }
        }

        return JsonSerializer.SerializeToElement(node);
    }

    [GeneratedRegex(@"^(?:/usr)?/bin/(?:ba|z)?sh -l?c '(?<inner>[^']*)'$", RegexOptions.CultureInvariant)]
    private static partial Regex ShellWrapper();
}
