using System.Text.Json;
using Grove.Core.Agents;
using Grove.Services.Agents;

namespace Grove.Cli;

/// <summary>
/// Renders a tab's events for a terminal: streamed text, tool calls, results, errors, turn totals.
/// Stored streaming checkpoints (<see cref="PartialCheckpoint"/>) are held back: a message's final
/// event replaces them, and only one left without a final (a crash mid-message) is printed, marked
/// incomplete, when the turn ends or at <see cref="Finish"/>. Warnings about lines the agent printed
/// that could not be read go to <paramref name="errors"/> on a line of their own, once the streamed
/// text line is finished, so they never split the reply.
/// </summary>
internal sealed class TranscriptPrinter(TextWriter output, TextWriter errors)
{
    private readonly HashSet<string> _streamedMessages = new(StringComparer.Ordinal);
    private readonly HashSet<string> _checkpointedMessages = new(StringComparer.Ordinal);
    private readonly Dictionary<(string MessageId, int Index, DeltaKind Kind), string> _pendingPartials = [];
    private readonly List<string> _pendingWarnings = [];
    private readonly HashSet<string> _shownPlans = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _toolOutputTails = new(StringComparer.Ordinal);
    private bool _midLine;

    public void Print(LiveEvent live)
    {
        if (live.Kind is "tab_status" or "queued")
        {
            // A turn waiting for a free agent slot (admission control) says so, with why.
            if (live.Kind == "tab_status" && WaitingText(live.PayloadJson) is { } waiting)
            {
                FlushPartials();
                errors.WriteLine($"› {waiting}");
            }

            return;
        }

        if (live.Kind == PartialCheckpoint.Kind)
        {
            if (live.Sequence is not null)
            {
                HoldPartial(JsonSerializer.Deserialize<PartialCheckpoint>(live.PayloadJson, AgentEventJson.Options));
            }

            return;
        }

        AgentEvent agentEvent;
        try
        {
            agentEvent = AgentEventJson.Deserialize(live.PayloadJson);
        }
        catch (JsonException)
        {
            Line($"[{live.Kind}]");
            return;
        }

        Print(agentEvent);
    }

    /// <summary>Prints what is still held back (a message that never got its final event) and any warning waiting for the line to end.</summary>
    public void Finish()
    {
        FlushPartials();
        EndLine();
    }

    public void Print(AgentEvent agentEvent)
    {
        switch (agentEvent)
        {
            case DeltaEvent { DeltaKind: DeltaKind.Text } delta when !_checkpointedMessages.Contains(delta.MessageId ?? string.Empty):
                _streamedMessages.Add(delta.MessageId ?? string.Empty);
                output.Write(delta.Delta);
                _midLine = !delta.Delta.EndsWith('\n');
                if (!_midLine)
                {
                    FlushWarnings();
                }

                break;
            case DeltaEvent { DeltaKind: DeltaKind.ToolOutput, MessageId: { } toolUseId } chunk:
                PrintToolOutput(toolUseId, chunk.Delta);
                break;
            case TextEvent text:
                DropPartials(text.MessageId, DeltaKind.Text);
                if (_streamedMessages.Contains(text.MessageId))
                {
                    EndLine();
                }
                else
                {
                    Line(text.Content);
                }

                break;
            case UserEvent user:
                if (!user.FromAgent)
                {
                    FlushPartials();
                }

                Line(user.FromAgent ? user.Content : $"> {user.Content}");
                break;
            case ThinkingEvent thinking:
                DropPartials(thinking.MessageId, DeltaKind.Thinking);
                if (thinking.Content.Length > 0)
                {
                    Line($"(thinking) {Shorten(thinking.Content, 200)}");
                }

                break;
            case ToolUseEvent tool:
                DropPartials(tool.MessageId, DeltaKind.InputJson);
                PrintToolUse(tool);
                break;
            case ToolResultEvent result when _toolOutputTails.Remove(result.ToolUseId, out var tail):
                // Its output was printed as it came: end it, and say how the tool ended.
                if (tail.Length > 0)
                {
                    Line($"  │ {tail}");
                }

                Line(result.IsError ? "  ✗ (failed; output above)" : "  ⎿ (done; output above)");
                break;
            case ToolResultEvent result:
                Line($"  {(result.IsError ? "✗" : "⎿")} {Shorten(result.Content, 400).Replace("\n", "\n    ", StringComparison.Ordinal)}");
                break;
            case PermissionDecisionEvent decision:
                Line(decision.Allowed ? "  ✓ allowed" : $"  ✗ denied: {decision.Message}");
                break;
            case RetryEvent retry:
                Line($"  … API error {retry.ErrorStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(network)"}, retry {retry.Attempt}/{retry.MaxRetries}");
                break;
            case ErrorEvent { ErrorKind: AgentErrorKind.MalformedOutput } malformed:
                _pendingWarnings.Add($"warning: {malformed.Message}");
                if (!_midLine)
                {
                    FlushWarnings();
                }

                break;
            case ErrorEvent error:
                FlushPartials();
                Line($"error: {error.Message}");
                break;
            case SystemEvent { Subtype: "grove_notice" } notice when notice.Raw.ValueKind == JsonValueKind.Object
                && notice.Raw.TryGetProperty("budget", out _) && notice.Raw.TryGetProperty("message", out var budgetMessage):
                FlushPartials();
                Line($"budget: {budgetMessage.GetString()}");
                break;
            case ResultEvent result:
                FlushPartials();
                var cost = result.OwnCostUsd is { } usd ? $" · ${usd:0.0000}" : result.InputTokens is not null ? " · cost unknown" : string.Empty;
                var tokens = result.InputTokens is null ? string.Empty : $" · {result.InputTokens} in / {result.OutputTokens} out tokens";
                var seconds = result.DurationMs is { } ms ? $"{ms / 1000.0:0.0}s" : "?";
                Line($"— {(result.IsError ? "failed" : "done")} in {seconds}{cost}{tokens}");
                break;
        }
    }

    /// <summary>The line of a <c>{"status":"waiting",…}</c> tab status (<c>waiting: 3 ahead</c>), or null for any other status.</summary>
    internal static string? WaitingText(string payloadJson)
    {
        try
        {
            using var document = JsonDocument.Parse(payloadJson);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("status", out var status) && status.ValueEquals("waiting")
                && root.TryGetProperty("text", out var text) ? text.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Prints a plan (ExitPlanMode's markdown) as readable text, unless this printer already showed
    /// the same plan; a request without its plan text points at the one shown (or the messages) above.
    /// </summary>
    public void PrintPlan(string? plan)
    {
        if (plan is null)
        {
            if (_shownPlans.Count == 0)
            {
                Line("── plan ── (the plan is in the messages above)");
            }

            return;
        }

        if (!_shownPlans.Add(plan))
        {
            return;
        }

        Line("── plan ──");
        foreach (var line in PlanText.Render(plan))
        {
            output.WriteLine(line.Length == 0 ? line : "  " + line);
        }

        output.WriteLine("──────────");
    }

    /// <summary>The plan text of an ExitPlanMode input, or null when it has none.</summary>
    public static string? PlanOf(JsonElement input) =>
        input.ValueKind == JsonValueKind.Object && input.TryGetProperty("plan", out var plan) && plan.ValueKind == JsonValueKind.String ? plan.GetString() : null;

    private void PrintToolUse(ToolUseEvent tool)
    {
        var input = tool.Input;
        string Get(string name) => input.ValueKind == JsonValueKind.Object && input.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;
        switch (tool.Name)
        {
            case PermissionPolicy.ExitPlanMode:
                PrintPlan(PlanOf(input));
                break;
            case "Bash":
                Line($"⏺ Bash: $ {Get("command")}");
                break;
            case "Write":
                Line($"⏺ Write {Get("file_path")} ({Get("content").Split('\n').Length} lines)");
                break;
            case "Edit":
                Line($"⏺ Edit {Get("file_path")}");
                foreach (var removed in Get("old_string").Split('\n'))
                {
                    Line($"    - {removed}");
                }

                foreach (var added in Get("new_string").Split('\n'))
                {
                    Line($"    + {added}");
                }

                break;
            case "Read" or "Glob" or "Grep":
                Line($"⏺ {tool.Name} {Get("file_path")}{Get("pattern")}");
                break;
            default:
                Line($"⏺ {tool.Name} {Shorten(input.GetRawText(), 200)}");
                break;
        }
    }

    /// <summary>A checkpoint of a message this printer did not stream: keep the newest text until the final event or the turn's end.</summary>
    private void HoldPartial(PartialCheckpoint? partial)
    {
        var messageId = partial?.MessageId ?? string.Empty;
        if (partial is null || partial.DeltaKind == DeltaKind.InputJson || (partial.DeltaKind == DeltaKind.Text && _streamedMessages.Contains(messageId)))
        {
            return;
        }

        if (partial.DeltaKind == DeltaKind.Text)
        {
            // Deltas that follow (attached mid-message) would continue text this printer never showed: the final event prints it whole.
            _checkpointedMessages.Add(messageId);
        }

        _pendingPartials[(messageId, partial.Index, partial.DeltaKind)] = partial.Text;
    }

    private void DropPartials(string messageId, DeltaKind kind)
    {
        foreach (var key in _pendingPartials.Keys.Where(k => k.MessageId == messageId && k.Kind == kind).ToList())
        {
            _pendingPartials.Remove(key);
        }
    }

    private void FlushPartials()
    {
        foreach (var ((_, _, kind), text) in _pendingPartials.OrderBy(p => p.Key.Index))
        {
            Line(kind == DeltaKind.Thinking
                ? $"(thinking, incomplete) {Shorten(text, 200)}"
                : $"{text} (incomplete: the agent stopped before finishing this message)");
        }

        _pendingPartials.Clear();
    }

    /// <summary>A running tool's output, a whole line at a time (indented under its call); the rest waits for its newline or the result.</summary>
    private void PrintToolOutput(string toolUseId, string delta)
    {
        var text = _toolOutputTails.GetValueOrDefault(toolUseId, string.Empty) + delta;
        var end = text.LastIndexOf('\n');
        if (end >= 0)
        {
            foreach (var line in text[..end].Split('\n'))
            {
                Line($"  │ {line.TrimEnd('\r')}");
            }
        }

        _toolOutputTails[toolUseId] = text[(end + 1)..];
    }

    private void Line(string text)
    {
        EndLine();
        output.WriteLine(text);
    }

    private void EndLine()
    {
        if (_midLine)
        {
            output.WriteLine();
            _midLine = false;
        }

        FlushWarnings();
    }

    private void FlushWarnings()
    {
        foreach (var warning in _pendingWarnings)
        {
            errors.WriteLine(warning);
        }

        _pendingWarnings.Clear();
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
