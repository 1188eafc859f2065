using System.Buffers;
using System.Text.Json;

namespace Grove.Agents.ClaudeCode;

/// <summary>Builds the stdin lines of the stream-json protocol (docs §6 and §7): one compact JSON object, then <c>\n</c>.</summary>
internal static class StreamJsonWriter
{
    /// <summary><c>{"type":"user","session_id":"","parent_tool_use_id":null,"message":{"role":"user","content":[…]}}</c>; images before the text.</summary>
    public static byte[] UserMessage(string text, IReadOnlyList<AgentImage>? images) => Line(w =>
    {
        w.WriteString("type", "user");
        w.WriteString("session_id", string.Empty);
        w.WriteNull("parent_tool_use_id");
        w.WriteStartObject("message");
        w.WriteString("role", "user");
        w.WriteStartArray("content");
        foreach (var image in images ?? [])
        {
            w.WriteStartObject();
            w.WriteString("type", "image");
            w.WriteStartObject("source");
            w.WriteString("type", "base64");
            w.WriteString("media_type", image.MediaType);
            w.WriteBase64String("data", image.Data.Span);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteStartObject();
        w.WriteString("type", "text");
        w.WriteString("text", text);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>A host → CLI request: <c>{"type":"control_request","request_id":…,"request":{"subtype":…,…}}</c>.</summary>
    public static byte[] ControlRequest(string requestId, string subtype, Action<Utf8JsonWriter>? fields = null) => Line(w =>
    {
        w.WriteString("type", "control_request");
        w.WriteString("request_id", requestId);
        w.WriteStartObject("request");
        w.WriteString("subtype", subtype);
        fields?.Invoke(w);
        w.WriteEndObject();
    });

    /// <summary>Allow: <c>{"behavior":"allow","updatedInput":{…},"toolUseID":…,"updatedPermissions":[…]?}</c>.</summary>
    public static byte[] AllowPermission(string requestId, string? toolUseId, JsonElement updatedInput, JsonElement? updatedPermissions) =>
        SuccessResponse(requestId, w =>
        {
            w.WriteString("behavior", "allow");
            w.WritePropertyName("updatedInput");
            updatedInput.WriteTo(w);
            if (updatedPermissions is { } permissions)
            {
                w.WritePropertyName("updatedPermissions");
                permissions.WriteTo(w);
            }

            WriteToolUseId(w, toolUseId);
        });

    /// <summary>Deny: <c>{"behavior":"deny","message":…,"toolUseID":…,"interrupt":true?}</c>.</summary>
    public static byte[] DenyPermission(string requestId, string? toolUseId, string message, bool interrupt) =>
        SuccessResponse(requestId, w =>
        {
            w.WriteString("behavior", "deny");
            w.WriteString("message", message);
            if (interrupt)
            {
                w.WriteBoolean("interrupt", true);
            }

            WriteToolUseId(w, toolUseId);
        });

    /// <summary><c>{"type":"control_response","response":{"subtype":"error","request_id":…,"error":…}}</c>.</summary>
    public static byte[] ErrorResponse(string requestId, string error) => Line(w =>
    {
        w.WriteString("type", "control_response");
        w.WriteStartObject("response");
        w.WriteString("subtype", "error");
        w.WriteString("request_id", requestId);
        w.WriteString("error", error);
        w.WriteEndObject();
    });

    private static byte[] SuccessResponse(string requestId, Action<Utf8JsonWriter> response) => Line(w =>
    {
        w.WriteString("type", "control_response");
        w.WriteStartObject("response");
        w.WriteString("subtype", "success");
        w.WriteString("request_id", requestId);
        w.WriteStartObject("response");
        response(w);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    private static void WriteToolUseId(Utf8JsonWriter w, string? toolUseId)
    {
        if (toolUseId is not null)
        {
            w.WriteString("toolUseID", toolUseId);
        }
    }

    private static byte[] Line(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
