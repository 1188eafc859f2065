using System.Text.RegularExpressions;
using Grove.Core.Errors;
using Grove.Core.Mcp;

namespace Grove.Services.Mcp;

/// <summary>What a server definition must satisfy before Grove writes it (the rules the add/edit form and the CLI share).</summary>
public static partial class McpDefinitionRules
{
    /// <summary>Every problem with <paramref name="definition"/>, empty when it is valid.</summary>
    public static IReadOnlyList<string> Problems(McpServerDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var problems = new List<string>();
        if (!ServerName().IsMatch(definition.Name))
        {
            problems.Add("The name must be letters, digits, '-' or '_' (at most 64).");
        }

        if (definition.Transport == McpTransport.Stdio)
        {
            if (string.IsNullOrWhiteSpace(definition.Command))
            {
                problems.Add("A stdio server needs a command.");
            }

            if (definition.Env.Keys.FirstOrDefault(k => !VariableName().IsMatch(k)) is { } bad)
            {
                problems.Add($"'{bad}' is not a valid environment variable name.");
            }
        }
        else
        {
            if (!Uri.TryCreate(definition.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                problems.Add("An http or sse server needs an http(s) URL.");
            }

            if (definition.Headers.Keys.FirstOrDefault(k => !HeaderName().IsMatch(k)) is { } bad)
            {
                problems.Add($"'{bad}' is not a valid header name.");
            }
        }

        return problems;
    }

    public static void Ensure(McpServerDefinition definition)
    {
        var problems = Problems(definition);
        if (problems.Count > 0)
        {
            throw new GroveException(ErrorKind.InvalidInput, string.Join(" ", problems));
        }
    }

    /// <summary>Parses <c>K=V</c> (env) or <c>Name: value</c> (headers) pairs; throws InvalidInput on a malformed one.</summary>
    public static Dictionary<string, string> Pairs(IEnumerable<string> items, char separator, string what)
    {
        ArgumentNullException.ThrowIfNull(items);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var at = item.IndexOf(separator, StringComparison.Ordinal);
            if (at <= 0)
            {
                throw new GroveException(ErrorKind.InvalidInput, $"'{item}' is not {what} (expected name{separator}value).");
            }

            result[item[..at].Trim()] = item[(at + 1)..].Trim();
        }

        return result;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ServerName();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex VariableName();

    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderName();
}
