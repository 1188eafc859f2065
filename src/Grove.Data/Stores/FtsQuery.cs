namespace Grove.Data.Stores;

/// <summary>
/// Turns what a user typed into a safe FTS5 MATCH expression: every whitespace-separated term
/// becomes a quoted phrase (inner quotes doubled), joined by implicit AND. FTS syntax in the input
/// (<c>"</c>, <c>*</c>, <c>-</c>, <c>:</c>, <c>OR</c>, <c>NEAR</c>, parentheses) is matched as text and
/// can never raise a syntax error. Terms with no letter or digit are dropped (they hold no token).
/// </summary>
internal static class FtsQuery
{
    /// <summary>The MATCH expression, or null when nothing searchable is left.</summary>
    public static string? Build(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return null;
        }

        var phrases = query
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Where(term => term.Any(char.IsLetterOrDigit))
            .Select(term => string.Concat("\"", term.Replace("\"", "\"\"", StringComparison.Ordinal), "\""))
            .ToList();
        return phrases.Count == 0 ? null : string.Join(' ', phrases);
    }
}
