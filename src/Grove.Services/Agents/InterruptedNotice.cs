using System.Text.Json;

namespace Grove.Services.Agents;

/// <summary>
/// The transcript notice a user's interrupt leaves when the turn ends: a <see cref="Core.Agents.SystemEvent"/>
/// with subtype <c>grove_notice</c> whose raw JSON holds <c>message</c> and <c>interrupted: true</c>.
/// An interrupt is its own outcome, not a failure (tab status interrupted, <c>grove run</c> exits 130).
/// </summary>
public static class InterruptedNotice
{
    public const string Subtype = "grove_notice";

    public const string Message = "Interrupted by the user.";

    public static JsonElement Payload { get; } = JsonSerializer.SerializeToElement(new { message = Message, interrupted = true });

    /// <summary>True when <paramref name="raw"/> (a <c>grove_notice</c>'s JSON) is this notice.</summary>
    public static bool Is(JsonElement raw) =>
        raw.ValueKind == JsonValueKind.Object && raw.TryGetProperty("interrupted", out var value) && value.ValueKind == JsonValueKind.True;
}
