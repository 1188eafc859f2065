using System.Globalization;
using System.Text.Json;
using Grove.Services.Agents;

namespace Grove.Web.Transcript;

/// <summary>How a tool call is shown.</summary>
public enum ToolKind
{
    /// <summary>Name, JSON input, result.</summary>
    Generic,
    Bash,
    Edit,
    MultiEdit,
    Write,

    /// <summary>Read, Grep, Glob, LS, WebFetch, WebSearch…: a one-liner that expands.</summary>
    Compact,
    Todo,

    /// <summary><c>mcp__server__tool</c>.</summary>
    Mcp,

    /// <summary>A sub-agent (Task/Agent) with its own messages nested inside.</summary>
    Task,

    /// <summary>ExitPlanMode: the plan with Implement / Keep planning.</summary>
    Plan,

    /// <summary>AskUserQuestion: an answer form.</summary>
    Question,
}

public static class ToolKinds
{
    public static ToolKind Of(string name) => name switch
    {
        "Bash" => ToolKind.Bash,
        "Edit" => ToolKind.Edit,
        "MultiEdit" => ToolKind.MultiEdit,
        "Write" => ToolKind.Write,
        "Read" or "Grep" or "Glob" or "LS" or "WebFetch" or "WebSearch" or "NotebookRead" or "BashOutput" or "KillShell" or "KillBash" => ToolKind.Compact,
        "TodoWrite" => ToolKind.Todo,
        "Task" or "Agent" => ToolKind.Task,
        "ExitPlanMode" => ToolKind.Plan,
        "AskUserQuestion" => ToolKind.Question,
        _ when name.StartsWith("mcp__", StringComparison.Ordinal) => ToolKind.Mcp,
        _ => ToolKind.Generic,
    };

    /// <summary>The server and tool of an MCP tool name (<c>mcp__server__tool</c>); the tool part may contain <c>__</c>.</summary>
    public static (string Server, string Tool) SplitMcp(string name)
    {
        var rest = name.StartsWith("mcp__", StringComparison.Ordinal) ? name[5..] : name;
        var split = rest.IndexOf("__", StringComparison.Ordinal);
        return split < 0 ? (rest, string.Empty) : (rest[..split], rest[(split + 2)..]);
    }

    /// <summary>The one-line summary of a compact tool call (what it read or searched); paths relative to the worktree when inside it.</summary>
    public static string Summary(string name, JsonElement input, WorktreePaths? paths = null)
    {
        var path = ToolInput.String(input, "file_path") ?? ToolInput.String(input, "path") ?? ToolInput.String(input, "notebook_path");
        if (path is not null && paths is not null)
        {
            path = paths.Display(path);
        }

        switch (name)
        {
            case "Read":
                var offset = ToolInput.Long(input, "offset");
                var limit = ToolInput.Long(input, "limit");
                var range = offset is null && limit is null
                    ? string.Empty
                    : limit is null
                        ? string.Create(CultureInfo.InvariantCulture, $" (from line {offset})")
                        : string.Create(CultureInfo.InvariantCulture, $" (lines {offset ?? 1}–{(offset ?? 1) + limit - 1})");
                return $"{path ?? "(no path)"}{range}";
            case "Grep":
                var where = ToolInput.String(input, "glob") is { } glob ? $" {glob}" : string.Empty;
                return $"\"{ToolInput.String(input, "pattern")}\" in {path ?? "."}{where}";
            case "Glob":
                return path is null ? ToolInput.String(input, "pattern") ?? string.Empty : $"{ToolInput.String(input, "pattern")} in {path}";
            case "LS":
                return path ?? ".";
            case "WebFetch":
                return ToolInput.String(input, "url") ?? string.Empty;
            case "WebSearch":
                return ToolInput.String(input, "query") ?? string.Empty;
            case "BashOutput" or "KillShell" or "KillBash":
                return ToolInput.String(input, "bash_id") ?? ToolInput.String(input, "shell_id") ?? string.Empty;
            default:
                return path ?? string.Empty;
        }
    }
}

/// <summary>Reads fields of a tool's JSON input without throwing on unexpected shapes.</summary>
public static class ToolInput
{
    public static string? String(JsonElement input, string name) =>
        input.ValueKind == JsonValueKind.Object && input.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static long? Long(JsonElement input, string name) =>
        input.ValueKind == JsonValueKind.Object && input.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;

    public static bool Bool(JsonElement input, string name) =>
        input.ValueKind == JsonValueKind.Object && input.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    public static IEnumerable<JsonElement> Array(JsonElement input, string name) =>
        input.ValueKind == JsonValueKind.Object && input.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];

    public static string Pretty(JsonElement element) =>
        element.ValueKind == JsonValueKind.Undefined ? string.Empty : JsonSerializer.Serialize(element, Indented);

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
