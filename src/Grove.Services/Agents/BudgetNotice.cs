using System.Text.Json;

namespace Grove.Services.Agents;

/// <summary>
/// The transcript notice of a spend budget: at 80% (<c>budget: "warning"</c>, once per budget and
/// period) and when a queued turn could not start because a budget is used up (<c>budget: "reached"</c>).
/// </summary>
public static class BudgetNotice
{
    public const string Subtype = "grove_notice";

    public static JsonElement Payload(string message, bool reached) =>
        JsonSerializer.SerializeToElement(new { message, budget = reached ? "reached" : "warning" });
}
