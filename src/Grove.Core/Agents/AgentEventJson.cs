using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grove.Core.Agents;

/// <summary>The one JSON shape of stored <see cref="AgentEvent"/>s: snake_case, enums as strings, <c>kind</c> discriminator, nulls left out.</summary>
public static class AgentEventJson
{
    /// <summary>Options to (de)serialize <see cref="AgentEvent"/> with; do not mutate.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static readonly JsonWriterOptions DeltaWriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _deltaBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _deltaWriter;

    public static string Serialize(AgentEvent agentEvent) =>
        agentEvent is DeltaEvent delta ? SerializeDelta(delta) : JsonSerializer.Serialize(agentEvent, Options);

    /// <summary>
    /// The same JSON as the serializer writes for a delta, written directly: a turn streams thousands
    /// of them, and the polymorphic serializer cost more per delta than parsing it did. Its output is
    /// checked against the serializer's (AgentEventJsonTests). The buffer and the writer are reused per thread.
    /// </summary>
    private static string SerializeDelta(DeltaEvent delta)
    {
        var buffer = _deltaBuffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        var writer = _deltaWriter ??= new Utf8JsonWriter(buffer, DeltaWriterOptions);
        writer.Reset(buffer);
        writer.WriteStartObject();
        writer.WriteString("kind", AgentEventKinds.Delta);
        if (delta.MessageId is { } messageId)
        {
            writer.WriteString("message_id", messageId);
        }

        writer.WriteNumber("index", delta.Index);
        writer.WriteString("delta_kind", delta.DeltaKind switch
        {
            DeltaKind.Text => "text",
            DeltaKind.Thinking => "thinking",
            DeltaKind.InputJson => "input_json",
            DeltaKind.ToolOutput => "tool_output",
            _ => throw new JsonException($"Unknown delta kind {delta.DeltaKind}."),
        });
        writer.WriteString("delta", delta.Delta);
        if (delta.ParentToolUseId is { } parent)
        {
            writer.WriteString("parent_tool_use_id", parent);
        }

        if (delta.Recovered)
        {
            writer.WriteBoolean("recovered", true);
        }

        writer.WriteEndObject();
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads a stored event; throws <see cref="JsonException"/> on an unknown kind or bad JSON.</summary>
    public static AgentEvent Deserialize(string json) =>
        JsonSerializer.Deserialize<AgentEvent>(json, Options) ?? throw new JsonException("The JSON was null, not an agent event.");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            AllowOutOfOrderMetadataProperties = true,
            WriteIndented = false,
            // Stored and read as data, never embedded in HTML: keep quotes, backticks and non-ASCII readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
