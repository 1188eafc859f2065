using System.Buffers;
using System.Text;
using System.Text.Json;
using Grove.Agents.ClaudeCode;

namespace Grove.Agents.Codex;

/// <summary>What one line from <c>codex app-server</c> is.</summary>
internal enum CodexLineKind
{
    /// <summary>Not a JSON-RPC object Grove can read (bad JSON, no method and no id…).</summary>
    Malformed,

    /// <summary>The answer to one of Grove's requests (<c>id</c> + <c>result</c> or <c>error</c>).</summary>
    Response,

    /// <summary>A request from the server that Grove must answer (approvals).</summary>
    Request,

    /// <summary>A notification (items, deltas, turn events).</summary>
    Notification,
}

/// <summary>One parsed line; <see cref="Id"/> is the raw JSON-RPC id (a number or a string).</summary>
internal sealed record CodexLine(CodexLineKind Kind, string? Method, JsonElement Id, JsonElement Params, JsonElement Result, JsonElement Error, string? Problem)
{
    /// <summary>The id as text, e.g. <c>0</c> or <c>"abc"</c> (raw JSON), for dictionaries.</summary>
    public string IdText => Id.ValueKind == JsonValueKind.Undefined ? string.Empty : Id.GetRawText();

    public string? ErrorMessage => Error.ValueKind == JsonValueKind.Object ? Error.String("message") : null;
}

/// <summary>
/// Codex's app-server protocol over stdio: one JSON-RPC 2.0 message per line (Codex omits the
/// <c>jsonrpc</c> field in what it writes). Reading never throws; writing builds whole lines.
/// </summary>
internal static class CodexRpc
{
    public static CodexLine Parse(ReadOnlySpan<byte> line)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(line.ToArray());
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return Malformed($"not JSON ({ex.Message})");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return Malformed($"a JSON {root.ValueKind}, not an object");
        }

        var method = root.String("method");
        var hasId = root.TryGetProperty("id", out var id) && id.ValueKind is JsonValueKind.Number or JsonValueKind.String;
        var parameters = root.TryGetProperty("params", out var p) ? p : default;
        if (method is not null)
        {
            return new CodexLine(hasId ? CodexLineKind.Request : CodexLineKind.Notification, method, hasId ? id : default, parameters, default, default, null);
        }

        if (hasId && (root.TryGetProperty("result", out var result) | root.TryGetProperty("error", out var error)))
        {
            return new CodexLine(CodexLineKind.Response, null, id, default, result, error, null);
        }

        return Malformed("a JSON object with neither a method nor a response id");
    }

    public static byte[] Request(long id, string method, Action<Utf8JsonWriter>? writeParams) =>
        Write(w =>
        {
            w.WriteString("jsonrpc", "2.0");
            w.WriteNumber("id", id);
            w.WriteString("method", method);
            w.WritePropertyName("params");
            w.WriteStartObject();
            writeParams?.Invoke(w);
            w.WriteEndObject();
        });

    public static byte[] Notification(string method) =>
        Write(w =>
        {
            w.WriteString("jsonrpc", "2.0");
            w.WriteString("method", method);
        });

    /// <summary>The answer to a server request: <c>{"id":…,"result":{"decision":"accept"}}</c>.</summary>
    public static byte[] Decision(JsonElement id, string decision) =>
        Reply(id, "result", w => w.WriteString("decision", decision));

    /// <summary>The answer to an MCP elicitation (Codex's MCP tool approval): <c>{"action": "accept" | "decline" | "cancel"}</c>.</summary>
    public static byte[] ElicitationAnswer(JsonElement id, string action) =>
        Reply(id, "result", w =>
        {
            w.WriteString("action", action);
            if (action == "accept")
            {
                w.WritePropertyName("content");
                w.WriteStartObject();
                w.WriteEndObject();
            }
        });

    /// <summary>A JSON-RPC error answer to a server request Grove does not handle.</summary>
    public static byte[] ErrorReply(JsonElement id, int code, string message) =>
        Reply(id, "error", w =>
        {
            w.WriteNumber("code", code);
            w.WriteString("message", message);
        });

    /// <summary>An answer to the server request <paramref name="id"/>: <c>{"jsonrpc","id", member: {…}}</c>.</summary>
    private static byte[] Reply(JsonElement id, string member, Action<Utf8JsonWriter> body) =>
        Write(w =>
        {
            w.WriteString("jsonrpc", "2.0");
            w.WritePropertyName("id");
            id.WriteTo(w);
            w.WritePropertyName(member);
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        });

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return [.. buffer.WrittenSpan, (byte)'\n'];
    }

    private static CodexLine Malformed(string problem) => new(CodexLineKind.Malformed, null, default, default, default, default, problem);

    /// <summary>The text of a line for messages (cut to 200 characters).</summary>
    public static string Preview(ReadOnlySpan<byte> line)
    {
        var text = Encoding.UTF8.GetString(line);
        return text.Length <= 200 ? text : text[..200] + "…";
    }
}
