using System.Text;

namespace Grove.Services.Agents;

/// <summary>
/// Matches a Bash command against a saved rule's content in Claude Code's forms: the legacy prefix
/// <c>npm run:*</c>, the 2.x wildcard <c>npm run *</c> (a <c>*</c> matches anything; " *" at the end
/// also matches the bare command) and an exact command. A compound command (<c>;</c>, <c>&amp;&amp;</c>,
/// <c>||</c>, <c>|</c>, <c>&amp;</c>, newlines) matches only when every part matches; a command with a
/// substitution (<c>$(…)</c>, backticks, <c>&lt;(…)</c>), a subshell or a redirection into a file
/// matches only a rule that names it exactly.
/// </summary>
internal static class BashCommandRule
{
    /// <summary>A command split into its simple parts; <see cref="Opaque"/> when it cannot be split safely.</summary>
    internal sealed record Parts(IReadOnlyList<string> Commands, bool Opaque);

    /// <summary>True when every part of <paramref name="command"/> is allowed by one of <paramref name="ruleContents"/>.</summary>
    public static bool AllAllowed(string command, IEnumerable<string> ruleContents)
    {
        var rules = ruleContents.ToList();
        if (rules.Any(r => string.Equals(r.Trim(), command.Trim(), StringComparison.Ordinal)))
        {
            return true;
        }

        var parts = Split(command);
        return !parts.Opaque && parts.Commands.Count > 0 && parts.Commands.All(part => rules.Any(rule => MatchesSimple(rule, part)));
    }

    /// <summary>True when any part of <paramref name="command"/> (or the whole of it) is named by <paramref name="ruleContent"/>: used for deny rules.</summary>
    public static bool AnyMatches(string command, string ruleContent)
    {
        if (string.Equals(ruleContent.Trim(), command.Trim(), StringComparison.Ordinal) || MatchesSimple(ruleContent, command.Trim()))
        {
            return true;
        }

        return Split(command).Commands.Any(part => MatchesSimple(ruleContent, part));
    }

    /// <summary>One rule against one simple command (no operators).</summary>
    internal static bool MatchesSimple(string ruleContent, string command)
    {
        var rule = ruleContent.Trim();
        if (rule.EndsWith(":*", StringComparison.Ordinal))
        {
            var prefix = rule[..^2].TrimEnd();
            return command == prefix || command.StartsWith(prefix + " ", StringComparison.Ordinal);
        }

        if (!rule.Contains('*', StringComparison.Ordinal))
        {
            return string.Equals(rule, command, StringComparison.Ordinal);
        }

        if (rule.EndsWith(" *", StringComparison.Ordinal) && command == rule[..^2].TrimEnd())
        {
            return true;
        }

        return Glob(rule, command);
    }

    private static bool Glob(string pattern, string text)
    {
        // Classic wildcard match with backtracking on the last star.
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] != '*' && pattern[p] == text[t])
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>Splits on the shell's list and pipe operators outside quotes.</summary>
    internal static Parts Split(string command)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var opaque = false;
        var quote = '\0';

        void Flush()
        {
            var part = current.ToString().Trim();
            if (part.Length > 0)
            {
                opaque |= RedirectsIntoAFile(part);
                parts.Add(part);
            }

            current.Clear();
        }

        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            var next = i + 1 < command.Length ? command[i + 1] : '\0';
            if (quote == '\'')
            {
                if (c == '\'')
                {
                    quote = '\0';
                }

                current.Append(c);
                continue;
            }

            if (c == '\\')
            {
                if (next == '\n')
                {
                    i++;
                    continue;
                }

                current.Append(c);
                if (next != '\0')
                {
                    current.Append(next);
                    i++;
                }

                continue;
            }

            if (c == '`' || (c == '$' && next == '('))
            {
                opaque = true;
            }

            if (quote == '"')
            {
                if (c == '"')
                {
                    quote = '\0';
                }

                current.Append(c);
                continue;
            }

            switch (c)
            {
                case '\'' or '"':
                    quote = c;
                    current.Append(c);
                    break;
                case '(' or ')' or '{' or '}':
                    // Subshells, groups, process substitution <( ) >( ): never matched by a prefix.
                    opaque = true;
                    current.Append(c);
                    break;
                case ';' or '\n' or '\r':
                    Flush();
                    break;
                case '|':
                    Flush();
                    if (next is '|' or '&')
                    {
                        i++;
                    }

                    break;
                case '&' when next == '&':
                    Flush();
                    i++;
                    break;
                case '&' when current.Length > 0 && current[^1] is '>' or '<':
                    current.Append(c);
                    break;
                case '&' when next == '>':
                    current.Append(c);
                    break;
                case '&':
                    Flush();
                    break;
                default:
                    current.Append(c);
                    break;
            }
        }

        if (quote != '\0')
        {
            opaque = true;
        }

        Flush();
        return new Parts(parts, opaque);
    }

    /// <summary>Output redirections other than to /dev/null or another descriptor write a file.</summary>
    private static bool RedirectsIntoAFile(string part)
    {
        var quote = '\0';
        for (var i = 0; i < part.Length; i++)
        {
            var c = part[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            if (c is '\'' or '"')
            {
                quote = c;
                continue;
            }

            if (c == '\\')
            {
                i++;
                continue;
            }

            if (c != '>')
            {
                continue;
            }

            var j = i + 1;
            if (j < part.Length && part[j] is '>' or '|')
            {
                j++;
            }

            while (j < part.Length && part[j] == ' ')
            {
                j++;
            }

            var rest = part[j..];
            if (rest.StartsWith('&') || rest == "/dev/null" || rest.StartsWith("/dev/null ", StringComparison.Ordinal))
            {
                i = j;
                continue;
            }

            return true;
        }

        return false;
    }
}
