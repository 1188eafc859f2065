using System.Text.Json;

namespace Grove.Testing;

/// <summary>One request the fake Responses API received (1-based <see cref="Number"/>), with helpers to read Codex's input.</summary>
public sealed record RecordedResponsesRequest(int Number, string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, string Served)
{
    private JsonElement? _json;

    /// <summary>The body as JSON (undefined when it is not JSON).</summary>
    public JsonElement Json => _json ??= TryParse(Body);

    public string? Model => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("model", out var m) ? m.GetString() : null;

    /// <summary>The <c>input</c> items Codex sent (the whole conversation so far).</summary>
    public IReadOnlyList<JsonElement> Input =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.Array ? [.. input.EnumerateArray()] : [];

    /// <summary>The texts of every user message in <see cref="Input"/>, in order (Codex's own context messages included).</summary>
    public IReadOnlyList<string> UserTexts =>
        [.. Input.Where(i => Str(i, "type") == "message" && Str(i, "role") == "user")
            .SelectMany(i => i.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.Array ? c.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Select(c => Str(c, "text")).OfType<string>()];

    /// <summary>The texts of every assistant message in <see cref="Input"/>, in order.</summary>
    public IReadOnlyList<string> AssistantTexts =>
        [.. Input.Where(i => Str(i, "type") == "message" && Str(i, "role") == "assistant")
            .SelectMany(i => i.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.Array ? c.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Select(c => Str(c, "text")).OfType<string>()];

    /// <summary>The last user text (what the person typed last).</summary>
    public string LastUserText => UserTexts.Count == 0 ? "" : UserTexts[^1];

    /// <summary>The output Codex sent back for a tool call (<c>function_call_output</c> or <c>custom_tool_call_output</c>), or null.</summary>
    public string? ToolOutput(string callId) =>
        Input.Where(i => Str(i, "type") is "function_call_output" or "custom_tool_call_output" && Str(i, "call_id") == callId)
            .Select(i => i.TryGetProperty("output", out var o) ? (o.ValueKind == JsonValueKind.String ? o.GetString() : o.GetRawText()) : null)
            .LastOrDefault();

    /// <summary>The names of the tools Codex offered.</summary>
    public IReadOnlyList<string> ToolNames =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array
            ? [.. tools.EnumerateArray().Select(t => Str(t, "name") ?? Str(t, "type")).OfType<string>()]
            : [];

    public override string ToString() => $"#{Number} {Method} {Path} → {Served}";

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static JsonElement TryParse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
