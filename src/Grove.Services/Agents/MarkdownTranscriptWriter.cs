using System.Globalization;
using System.Text.Json;
using Grove.Core.Agents;
using Grove.Core.Domain;

namespace Grove.Services.Agents;

/// <summary>One transcript as Markdown, event by event; a heading whenever the speaker changes.</summary>
internal sealed class MarkdownTranscriptWriter(TextWriter writer)
{
    private string? _speaker;

    public async Task WriteHeaderAsync(TranscriptExport export, DateTimeOffset now)
    {
        await writer.WriteLineAsync($"# {Inline(export.Workspace.Name)} · {Inline(export.Tab.Name)}");
        await writer.WriteLineAsync();
        if (export.Workspace.Branch is { } branch)
        {
            await writer.WriteLineAsync($"- Branch: {Code(branch)}");
        }

        await writer.WriteLineAsync($"- Mode: {export.Tab.Mode.ToString().ToLowerInvariant()} · Model: {Inline(export.Tab.Model ?? "default")}");
        await writer.WriteLineAsync($"- Exported: {now.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC");
        await writer.WriteLineAsync();
    }

    public async Task WriteAsync(TranscriptEvent stored)
    {
        if (stored.Kind == PartialCheckpoint.Kind)
        {
            return;
        }

        AgentEvent agentEvent;
        try
        {
            agentEvent = AgentEventJson.Deserialize(stored.PayloadJson);
        }
        catch (JsonException)
        {
            return; // an event kind this version does not know: the JSON export keeps it
        }

        switch (agentEvent)
        {
            case UserEvent { FromAgent: true } note:
                await ParagraphAsync(Quote($"_{note.Content.Trim()}_"));
                break;
            case UserEvent user:
                await SpeakerAsync("You");
                await ParagraphAsync(user.Content.Trim());
                if (user.ImageCount > 0)
                {
                    await ParagraphAsync(user.ImageCount == 1 ? "_(1 image attached)_" : $"_({user.ImageCount} images attached)_");
                }

                break;
            case TextEvent text when text.ParentToolUseId is null:
                await SpeakerAsync("Assistant");
                await ParagraphAsync(text.Content.Trim());
                break;
            case TextEvent subAgentText:
                await ParagraphAsync(Quote(subAgentText.Content.Trim()));
                break;
            case ThinkingEvent thinking when !string.IsNullOrWhiteSpace(thinking.Content):
                await SpeakerAsync("Assistant");
                await ParagraphAsync(Quote("**Thinking**\n\n" + thinking.Content.Trim()));
                break;
            case ToolUseEvent tool:
                await SpeakerAsync("Assistant");
                await writer.WriteLineAsync($"**Tool: {Inline(tool.Name)}**");
                await writer.WriteLineAsync();
                await FenceAsync(ToolInput(tool, out var language), language);
                break;
            case ToolResultEvent result:
                await writer.WriteLineAsync(result.IsError ? "**Result (error):**" : "**Result:**");
                await writer.WriteLineAsync();
                await FenceAsync(result.Content, "text");
                break;
            case PermissionRequestEvent request:
                await ParagraphAsync(Quote($"Permission asked: **{Inline(request.ToolName)}**{(request.Description is { } d ? " — " + Inline(d) : "")}"));
                break;
            case PermissionDecisionEvent decision:
                await ParagraphAsync(Quote(decision.Allowed ? "Allowed." : $"Denied{(decision.Message is { } m ? ": " + Inline(m) : ".")}"));
                break;
            case ResultEvent result:
                await ParagraphAsync($"_{TurnSummary(result)}_");
                break;
            case ErrorEvent error:
                await ParagraphAsync(Quote($"**Error:** {error.Message}" + (error.Detail is { } detail && detail != error.Message ? $"\n\n{detail}" : "")));
                break;
            case SystemEvent system when system.Subtype == ClearedNotice.Subtype && system.Raw.ValueKind == JsonValueKind.Object:
                var message = system.Raw.TryGetProperty("message", out var m2) ? m2.GetString() : null;
                var cleared = system.Raw.TryGetProperty("cleared", out var c) && c.ValueKind == JsonValueKind.True;
                if (cleared)
                {
                    await writer.WriteLineAsync("---");
                    await writer.WriteLineAsync();
                    _speaker = null;
                }

                if (message is not null)
                {
                    await ParagraphAsync(Quote($"_{message}_"));
                }

                break;
        }
    }

    /// <summary>"Turn finished in 3.2 s · $0.0123 · 1,200 in / 340 out tokens".</summary>
    internal static string TurnSummary(ResultEvent result)
    {
        var parts = new List<string> { result.IsError ? "Turn failed" : "Turn finished" };
        if (result.DurationMs is { } ms)
        {
            parts[0] += $" in {(ms / 1000.0).ToString("0.0", CultureInfo.InvariantCulture)} s";
        }

        if (result.OwnCostUsd is { } cost)
        {
            parts.Add(cost.ToString("$0.0000", CultureInfo.InvariantCulture));
        }
        else if (result.InputTokens is not null)
        {
            parts.Add("cost unknown");
        }

        if (result.InputTokens is not null || result.OutputTokens is not null)
        {
            parts.Add($"{(result.InputTokens ?? 0).ToString("N0", CultureInfo.InvariantCulture)} in / {(result.OutputTokens ?? 0).ToString("N0", CultureInfo.InvariantCulture)} out tokens");
        }

        return string.Join(" · ", parts);
    }

    private static string ToolInput(ToolUseEvent tool, out string language)
    {
        if (tool.Input.ValueKind == JsonValueKind.Object && tool.Name == "Bash" && tool.Input.TryGetProperty("command", out var command) && command.ValueKind == JsonValueKind.String)
        {
            language = "bash";
            return command.GetString()!;
        }

        language = "json";
        return tool.Input.ValueKind == JsonValueKind.Undefined
            ? "{}"
            : JsonSerializer.Serialize(tool.Input, IndentedJson);
    }

    private static readonly JsonSerializerOptions IndentedJson = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private async Task SpeakerAsync(string speaker)
    {
        if (_speaker != speaker)
        {
            _speaker = speaker;
            await writer.WriteLineAsync($"## {speaker}");
            await writer.WriteLineAsync();
        }
    }

    private async Task ParagraphAsync(string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        await writer.WriteLineAsync(text);
        await writer.WriteLineAsync();
    }

    /// <summary>A fenced block whose fence is longer than any backtick run inside, so content can never close it.</summary>
    private async Task FenceAsync(string content, string language)
    {
        var longest = 0;
        var run = 0;
        foreach (var c in content)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        var fence = new string('`', Math.Max(3, longest + 1));
        await writer.WriteLineAsync(fence + language);
        await writer.WriteLineAsync(content.TrimEnd('\n', '\r'));
        await writer.WriteLineAsync(fence);
        await writer.WriteLineAsync();
    }

    private static string Quote(string text) =>
        string.Join('\n', text.ReplaceLineEndings("\n").Split('\n').Select(l => l.Length == 0 ? ">" : "> " + l));

    /// <summary>Text on one line (names, descriptions): newlines folded.</summary>
    private static string Inline(string text) => text.ReplaceLineEndings(" ").Trim();

    private static string Code(string text) => text.Contains('`', StringComparison.Ordinal) ? $"`` {text} ``" : $"`{text}`";
}
