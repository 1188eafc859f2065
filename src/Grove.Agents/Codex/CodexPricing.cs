namespace Grove.Agents.Codex;

/// <summary>Token counts of a Codex thread (its running total) as <c>thread/tokenUsage/updated</c> reports them.</summary>
internal sealed record CodexTokenCounts(long InputTokens, long CachedInputTokens, long OutputTokens)
{
    public static CodexTokenCounts Zero { get; } = new(0, 0, 0);

    public CodexTokenCounts Minus(CodexTokenCounts other) =>
        new(InputTokens - other.InputTokens, CachedInputTokens - other.CachedInputTokens, OutputTokens - other.OutputTokens);
}

/// <summary>
/// US dollars per million tokens of the OpenAI models whose list prices Grove knows; cost is null
/// for any other model (Codex's own catalog carries no prices). Reasoning tokens are billed as output
/// and are already inside the output count.
/// </summary>
internal static class CodexPricing
{
    private static readonly Dictionary<string, (decimal Input, decimal CachedInput, decimal Output)> PerMillion = new(StringComparer.OrdinalIgnoreCase)
    {
        ["gpt-5"] = (1.25m, 0.125m, 10m),
        ["gpt-5-codex"] = (1.25m, 0.125m, 10m),
        ["gpt-5.1"] = (1.25m, 0.125m, 10m),
        ["gpt-5.1-codex"] = (1.25m, 0.125m, 10m),
        ["gpt-5-mini"] = (0.25m, 0.025m, 2m),
        ["gpt-5-nano"] = (0.05m, 0.005m, 0.4m),
        ["gpt-4.1"] = (2m, 0.5m, 8m),
        ["gpt-4.1-mini"] = (0.4m, 0.1m, 1.6m),
        ["o3"] = (2m, 0.5m, 8m),
        ["o4-mini"] = (1.1m, 0.275m, 4.4m),
    };

    /// <summary>The cost of <paramref name="counts"/> on <paramref name="model"/>, or null when the model's price is unknown.</summary>
    public static decimal? Cost(string? model, CodexTokenCounts counts)
    {
        if (model is null || !PerMillion.TryGetValue(model, out var price))
        {
            return null;
        }

        var uncached = Math.Max(0, counts.InputTokens - counts.CachedInputTokens);
        return ((uncached * price.Input) + (counts.CachedInputTokens * price.CachedInput) + (counts.OutputTokens * price.Output)) / 1_000_000m;
    }
}
