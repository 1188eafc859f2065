using System.Text.Json;

namespace Grove.Services.Agents;

/// <summary>
/// The quiet marker a parked tab's next turn leaves (<see cref="TabRunner"/> stopped its idle agent
/// process; the next message resumed the same session): a <c>grove_notice</c> whose raw JSON holds
/// <c>message</c> and <c>resumed: true</c>.
/// </summary>
public static class ResumedNotice
{
    public const string Subtype = "grove_notice";

    public const string Message = "Resumed";

    public static JsonElement Payload { get; } = JsonSerializer.SerializeToElement(new { message = Message, resumed = true });

    /// <summary>True when <paramref name="raw"/> (a <c>grove_notice</c>'s JSON) is this marker.</summary>
    public static bool Is(JsonElement raw) =>
        raw.ValueKind == JsonValueKind.Object && raw.TryGetProperty("resumed", out var value) && value.ValueKind == JsonValueKind.True;
}
