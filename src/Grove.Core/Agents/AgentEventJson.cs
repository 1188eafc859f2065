using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grove.Core.Agents;

/// <summary>The one JSON shape of stored <see cref="AgentEvent"/>s: snake_case, enums as strings, <c>kind</c> discriminator, nulls left out.</summary>
public static class AgentEventJson
{
    /// <summary>Options to (de)serialize <see cref="AgentEvent"/> with; do not mutate.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize(AgentEvent agentEvent) => JsonSerializer.Serialize(agentEvent, Options);

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
