namespace Grove.Web.Components.Composer;

public enum ComposerMenuKind
{
    Slash,
    Mention,
}

/// <summary>One row of the composer's popup: a command or a file.</summary>
/// <param name="Key">The command name or the path (<c>data-item</c>).</param>
/// <param name="Detail">A description (commands) or nothing (files).</param>
/// <param name="Highlights">Indexes of <paramref name="Key"/> to emphasise (what matched).</param>
/// <param name="BuiltIn">A Grove command (run at once) rather than one passed to the agent.</param>
public sealed record ComposerMenuItem(string Key, string? Detail, IReadOnlyList<int> Highlights, bool BuiltIn = false, string? Hint = null);

/// <summary>The open popup: what it lists, the text it would replace (<see cref="Start"/>..<see cref="End"/>), the chosen row.</summary>
public sealed record ComposerMenu(ComposerMenuKind Kind, string Query, int Start, int End, IReadOnlyList<ComposerMenuItem> Items, int Selected, string? Message = null)
{
    public ComposerMenuItem? Current => Selected >= 0 && Selected < Items.Count ? Items[Selected] : null;
}

/// <summary>Grove's own slash commands and the filter for the slash menu.</summary>
public static class SlashCommands
{
    public const string Plan = "plan";
    public const string Agent = "agent";
    public const string Clear = "clear";

    public static IReadOnlyList<ComposerMenuItem> BuiltIn { get; } =
    [
        new(Plan, "Switch this tab to plan mode: the agent reads and proposes a plan, changes nothing", [], BuiltIn: true),
        new(Agent, "Switch this tab to agent mode: the agent may change files (asking as set)", [], BuiltIn: true),
        new(Clear, "Start a fresh agent session: the agent forgets this conversation (it stays visible)", [], BuiltIn: true),
    ];

    public static bool IsBuiltIn(string name) => BuiltIn.Any(c => string.Equals(c.Key, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Commands whose name starts with the query first, then those containing it; all when empty.</summary>
    public static IReadOnlyList<ComposerMenuItem> Filter(IEnumerable<ComposerMenuItem> commands, string query)
    {
        var list = commands.ToList();
        if (query.Length == 0)
        {
            return list;
        }

        var prefix = list.Where(c => c.Key.StartsWith(query, StringComparison.OrdinalIgnoreCase));
        var inside = list.Where(c => !c.Key.StartsWith(query, StringComparison.OrdinalIgnoreCase) && c.Key.Contains(query, StringComparison.OrdinalIgnoreCase));
        return [.. prefix.Concat(inside).Select(c => c with { Highlights = Highlight(c.Key, query) })];
    }

    private static int[] Highlight(string key, string query)
    {
        var at = key.IndexOf(query, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? [] : [.. Enumerable.Range(at, query.Length)];
    }
}
