using System.Text.RegularExpressions;

namespace Grove.Integrations.Mcp;

/// <summary>
/// Claude Code's <c>.mcp.json</c> expansion: <c>${VAR}</c> becomes the variable's value and
/// <c>${VAR:-default}</c> the default when the variable is unset or empty. An unset variable with
/// no default is left as written (Claude Code reports it; the probe will fail visibly).
/// </summary>
public static partial class McpVariables
{
    public static string Expand(string text, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(environment);
        return Reference().Replace(text, match =>
        {
            var name = match.Groups["name"].Value;
            if (environment.TryGetValue(name, out var value) && value.Length > 0)
            {
                return value;
            }

            return match.Groups["default"].Success ? match.Groups["default"].Value : environment.GetValueOrDefault(name) ?? match.Value;
        });
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?<default>[^}]*))?\}", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();
}
