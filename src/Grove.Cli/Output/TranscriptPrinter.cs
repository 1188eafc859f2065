using System.Text.Json;
using Grove.Core.Agents;
using Grove.Services.Agents;

namespace Grove.Cli;

/// <summary>Renders a tab's events for a terminal: streamed text, tool calls, results, errors, turn totals.</summary>
internal sealed class TranscriptPrinter(TextWriter output)
{
    private readonly HashSet<string> _streamedMessages = new(StringComparer.Ordinal);
    private bool _midLine;

    public void Print(LiveEvent live)
    {
        if (live.Kind is "tab_status" or "queued")
        {
            return;
        }

        if (live.Kind == PartialCheckpoint.Kind)
        {
            // Checkpoints matter after a crash (replayed with 'grove log'); live output already showed the text.
            if (live.Sequence is not null && !_midLine)
            {
                var partial = JsonSerializer.Deserialize<PartialCheckpoint>(live.PayloadJson, AgentEventJson.Options);
                if (partial is not null && !_streamedMessages.Contains(partial.MessageId ?? string.Empty))
                {
                    Line($"[partial] {partial.Text}");
                }
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

    public void Print(AgentEvent agentEvent)
    {
        switch (agentEvent)
        {
            case DeltaEvent { DeltaKind: DeltaKind.Text } delta:
                _streamedMessages.Add(delta.MessageId ?? string.Empty);
                output.Write(delta.Delta);
                _midLine = !delta.Delta.EndsWith('\n');
                break;
            case TextEvent text:
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
                Line(user.FromAgent ? user.Content : $"> {user.Content}");
                break;
            case ThinkingEvent thinking when thinking.Content.Length > 0:
                Line($"(thinking) {Shorten(thinking.Content, 200)}");
                break;
            case ToolUseEvent tool:
                PrintToolUse(tool);
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
            case ErrorEvent error:
                Line($"error: {error.Message}");
                break;
            case ResultEvent result:
                var cost = result.CostUsd is { } usd ? $" · ${usd:0.0000}" : string.Empty;
                var tokens = result.InputTokens is null ? string.Empty : $" · {result.InputTokens} in / {result.OutputTokens} out tokens";
                var seconds = result.DurationMs is { } ms ? $"{ms / 1000.0:0.0}s" : "?";
                Line($"— {(result.IsError ? "failed" : "done")} in {seconds}{cost}{tokens}");
                break;
        }
    }

    private void PrintToolUse(ToolUseEvent tool)
    {
        var input = tool.Input;
        string Get(string name) => input.ValueKind == JsonValueKind.Object && input.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;
        switch (tool.Name)
        {
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
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
