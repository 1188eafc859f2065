using System.Text.Json;

namespace Grove.Testing;

/// <summary>What a tool_result block in a request said.</summary>
public sealed record FakeToolResult(string ToolUseId, string Content, bool IsError, JsonElement Raw);

/// <summary>
/// One HTTP request the fake server received, with its JSON body parsed (never validated:
/// the CLI sends <c>role:"system"</c> entries inside <c>messages</c>).
/// </summary>
public sealed class RecordedRequest
{
    internal RecordedRequest(
        int number,
        string method,
        string path,
        string queryString,
        IReadOnlyDictionary<string, string> headers,
        string bodyText,
        string response)
    {
        Number = number;
        Method = method;
        Path = path;
        QueryString = queryString;
        Headers = headers;
        BodyText = bodyText;
        Response = response;
        try
        {
            using var document = JsonDocument.Parse(bodyText);
            Body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            Body = null;
        }
    }

    /// <summary>1-based arrival order.</summary>
    public int Number { get; }

    public string Method { get; }

    public string Path { get; }

    /// <summary>Including the leading <c>?</c> (the CLI sends <c>?beta=true</c>), or empty.</summary>
    public string QueryString { get; }

    /// <summary>Request headers, case-insensitive names, multiple values joined with <c>,</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    public string BodyText { get; }

    /// <summary>The parsed body, or null when it was not JSON.</summary>
    public JsonElement? Body { get; }

    /// <summary>What the server answered (a description of the scripted response).</summary>
    public string Response { get; }

    public string? Model => Property("model")?.GetString();

    public bool Stream => Property("stream") is { ValueKind: JsonValueKind.True };

    /// <summary>The <c>system</c> field (a string or an array of text blocks), if any.</summary>
    public JsonElement? System => Property("system");

    /// <summary>All text of the <c>system</c> field.</summary>
    public string SystemText => System is { } system ? TextOf(system) : "";

    /// <summary>Every entry of <c>messages</c>, in order, whatever its role.</summary>
    public IReadOnlyList<JsonElement> Messages =>
        Property("messages") is { ValueKind: JsonValueKind.Array } messages ? [.. messages.EnumerateArray()] : [];

    public IReadOnlyList<JsonElement> Tools =>
        Property("tools") is { ValueKind: JsonValueKind.Array } tools ? [.. tools.EnumerateArray()] : [];

    public IReadOnlyList<string> ToolNames =>
        [.. Tools.Select(t => t.TryGetProperty("name", out var name) ? name.GetString() ?? "" : "")];

    /// <summary>The last entry of <c>messages</c> with <c>role:"user"</c>.</summary>
    public JsonElement? LastUserMessage =>
        Messages.LastOrDefault(m => Role(m) == "user") is { ValueKind: JsonValueKind.Object } message ? message : null;

    /// <summary>The text blocks of the last user message, joined with newlines (tool results excluded).</summary>
    public string LastUserText => LastUserMessage is { } message ? TextOf(Content(message)) : "";

    /// <summary>All text of all messages of a role (<c>user</c>, <c>assistant</c>, <c>system</c>).</summary>
    public IReadOnlyList<string> TextsOf(string role) =>
        [.. Messages.Where(m => Role(m) == role).Select(m => TextOf(Content(m)))];

    /// <summary>Every tool_result block in the conversation, in order.</summary>
    public IReadOnlyList<FakeToolResult> ToolResults =>
        [.. Messages.Where(m => Role(m) == "user").SelectMany(m => ToolResultsOf(Content(m)))];

    /// <summary>The tool_result for <paramref name="toolUseId"/>, or null when the request has none.</summary>
    public FakeToolResult? FindToolResult(string toolUseId) =>
        ToolResults.LastOrDefault(r => r.ToolUseId == toolUseId);

    /// <summary>Ids of every tool_use block the assistant messages carry (the conversation so far).</summary>
    public IReadOnlyList<string> ToolUseIds =>
        [.. Messages.Where(m => Role(m) == "assistant")
            .SelectMany(m => Blocks(Content(m)))
            .Where(b => Type(b) == "tool_use" && b.TryGetProperty("id", out _))
            .Select(b => b.GetProperty("id").GetString() ?? "")];

    public override string ToString() => $"#{Number} {Method} {Path}{QueryString} -> {Response}";

    private JsonElement? Property(string name) =>
        Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty(name, out var value) ? value : null;

    private static string? Role(JsonElement message) =>
        message.ValueKind == JsonValueKind.Object && message.TryGetProperty("role", out var role) ? role.GetString() : null;

    private static string? Type(JsonElement block) =>
        block.ValueKind == JsonValueKind.Object && block.TryGetProperty("type", out var type) ? type.GetString() : null;

    private static JsonElement Content(JsonElement message) =>
        message.TryGetProperty("content", out var content) ? content : default;

    private static IEnumerable<JsonElement> Blocks(JsonElement content) =>
        content.ValueKind == JsonValueKind.Array ? content.EnumerateArray() : [];

    /// <summary>Text of a string, or of the text blocks of an array, joined with newlines.</summary>
    internal static string TextOf(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString() ?? "",
        JsonValueKind.Array => string.Join("\n", content.EnumerateArray()
            .Where(b => Type(b) == "text" && b.TryGetProperty("text", out _))
            .Select(b => b.GetProperty("text").GetString())),
        _ => "",
    };

    private static IEnumerable<FakeToolResult> ToolResultsOf(JsonElement content) =>
        Blocks(content)
            .Where(b => Type(b) == "tool_result")
            .Select(b => new FakeToolResult(
                b.TryGetProperty("tool_use_id", out var id) ? id.GetString() ?? "" : "",
                b.TryGetProperty("content", out var text) ? TextOf(text) : "",
                b.TryGetProperty("is_error", out var isError) && isError.ValueKind == JsonValueKind.True,
                b));
}
