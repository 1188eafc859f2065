using System.Text;

namespace Grove.Web.Changes;

/// <summary>Paths as git prints them in diff headers: C-quoted when they hold special characters.</summary>
public static class GitPaths
{
    /// <summary>
    /// <c>"a/t\303\251st\tx"</c> → <c>a/tést	x</c>. Octal escapes are UTF-8 bytes. A value that is not
    /// quoted is returned as it is.
    /// </summary>
    public static string Unquote(string value)
    {
        if (value.Length < 2 || value[0] != '"' || value[^1] != '"')
        {
            return value;
        }

        var bytes = new List<byte>(value.Length);
        Span<byte> buffer = stackalloc byte[4];
        for (var i = 1; i < value.Length - 1; i++)
        {
            var c = value[i];
            if (c != '\\' || i + 1 >= value.Length - 1)
            {
                var length = char.IsHighSurrogate(c) && i + 1 < value.Length - 1 ? 2 : 1;
                var written = Encoding.UTF8.GetBytes(value.AsSpan(i, length), buffer);
                for (var b = 0; b < written; b++)
                {
                    bytes.Add(buffer[b]);
                }

                i += length - 1;
                continue;
            }

            var next = value[++i];
            if (next is >= '0' and <= '7')
            {
                var octal = 0;
                var digits = 0;
                while (digits < 3 && i < value.Length - 1 && value[i] is >= '0' and <= '7')
                {
                    octal = (octal * 8) + (value[i] - '0');
                    digits++;
                    i++;
                }

                i--;
                bytes.Add((byte)octal);
                continue;
            }

            bytes.Add(next switch
            {
                'n' => (byte)'\n',
                't' => (byte)'\t',
                'r' => (byte)'\r',
                'a' => 7,
                'b' => 8,
                'f' => 12,
                'v' => 11,
                _ => (byte)next,
            });
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>
    /// The two paths of <c>diff --git &lt;old&gt; &lt;new&gt;</c> (with their a/ b/ prefixes). Unquoted
    /// names with spaces are ambiguous; the usual case (same name on both sides) is split exactly.
    /// </summary>
    public static (string Old, string New)? SplitHeader(string rest)
    {
        rest = rest.TrimEnd('\r');
        if (rest.StartsWith('"'))
        {
            var end = ClosingQuote(rest, 0);
            if (end < 0 || end + 2 > rest.Length)
            {
                return null;
            }

            return (Unquote(rest[..(end + 1)]), Unquote(rest[(end + 2)..]));
        }

        // "a/P b/P": the same name on both sides.
        if ((rest.Length - 5) % 2 == 0 && rest.Length > 5)
        {
            var length = (rest.Length - 5) / 2;
            var left = rest[..(length + 2)];
            var right = rest[(length + 3)..];
            if (rest[length + 2] == ' ' && left[2..] == right[2..])
            {
                return (left, right);
            }
        }

        var quoted = rest.IndexOf(" \"", StringComparison.Ordinal);
        if (quoted > 0 && rest.EndsWith('"'))
        {
            return (rest[..quoted], Unquote(rest[(quoted + 1)..]));
        }

        var split = rest.IndexOf(" b/", StringComparison.Ordinal);
        return split > 0 ? (rest[..split], rest[(split + 1)..]) : null;
    }

    private static int ClosingQuote(string text, int start)
    {
        for (var i = start + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"')
            {
                return i;
            }
        }

        return -1;
    }
}
