using System.Text.RegularExpressions;

namespace Grove.Services.Analytics;

/// <summary>
/// The one gate every analytics property passes: only known keys, and only values that cannot carry
/// a path, a prompt, code or a branch name — booleans, numbers, and short lowercase tokens such as
/// <c>claude-code</c> or <c>plan</c>. Anything else is dropped, not sent.
/// </summary>
public static partial class AnalyticsProperties
{
    /// <summary>The keys Grove may send; each holds an enumerated value or a count.</summary>
    public static IReadOnlySet<string> Allowed { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "agent_kind", "mode", "has_images", "draft", "source", "method", "count",
        "plan", "connection_method", "grove_version", "os", "arch", "interface",
    };

    public static IReadOnlyDictionary<string, object> Filter(IReadOnlyDictionary<string, object>? properties)
    {
        var kept = new Dictionary<string, object>(StringComparer.Ordinal);
        if (properties is null)
        {
            return kept;
        }

        foreach (var (key, value) in properties)
        {
            if (Allowed.Contains(key) && IsSafe(value))
            {
                kept[key] = value;
            }
        }

        return kept;
    }

    private static bool IsSafe(object? value) => value switch
    {
        bool or int or long or double => true,
        string text => Token().IsMatch(text),
        _ => false,
    };

    [GeneratedRegex("^[a-z0-9][a-z0-9_.+-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
