using System.Text.Json;

namespace Grove.Services.Agents;

/// <summary>
/// The transcript notice a turn leaves when it stops at the tab's step cap (Claude's
/// <c>error_max_turns</c>): a <c>grove_notice</c> with <c>message</c> and <c>max_turns</c>, not an error.
/// </summary>
public static class MaxTurnsNotice
{
    public const string Subtype = "grove_notice";

    public static string Message(int? steps) =>
        steps is { } n ? $"Stopped after {n} {(n == 1 ? "step" : "steps")} (the tab's max turns). Send a message to continue." : "Stopped at the tab's max turns. Send a message to continue.";

    public static JsonElement Payload(int? steps) => JsonSerializer.SerializeToElement(new { message = Message(steps), max_turns = steps });
}
