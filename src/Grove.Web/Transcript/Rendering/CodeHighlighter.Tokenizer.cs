using System.Net;
using System.Text;

namespace Grove.Web.Transcript.Rendering;

public static partial class CodeHighlighter
{
    /// <summary>One pass over the code: plain text is copied (encoded), tokens are wrapped in spans.</summary>
    private sealed class Tokenizer(string code, LanguageSpec spec)
    {
        private readonly StringBuilder _output = new(code.Length + (code.Length / 4));
        private int _plainStart;

        public string Run()
        {
            var i = 0;
            while (i < code.Length)
            {
                var end = TryToken(i, out var css);
                if (end > i && css is not null)
                {
                    Emit(i, end, css);
                    i = end;
                }
                else
                {
                    i = Math.Max(end, i + 1);
                }
            }

            Flush(code.Length);
            return _output.ToString();
        }

        /// <summary>The end of the token at <paramref name="i"/> and its class, or <paramref name="i"/> and null for plain text.</summary>
        private int TryToken(int i, out string? css)
        {
            var c = code[i];
            css = "tok-com";
            foreach (var marker in spec.LineComments)
            {
                if (Matches(i, marker) && (!spec.Shell || i == 0 || char.IsWhiteSpace(code[i - 1])))
                {
                    var newline = code.IndexOf('\n', i);
                    return newline < 0 ? code.Length : newline;
                }
            }

            if (spec.BlockComment is { } block && Matches(i, block.Start))
            {
                var close = code.IndexOf(block.End, i + block.Start.Length, StringComparison.Ordinal);
                return close < 0 ? code.Length : close + block.End.Length;
            }

            css = "tok-str";
            if (spec.TripleQuotes && (Matches(i, "\"\"\"") || (spec.Quotes.Contains('\'', StringComparison.Ordinal) && Matches(i, "'''"))))
            {
                var fence = code.Substring(i, 3);
                var close = code.IndexOf(fence, i + 3, StringComparison.Ordinal);
                return close < 0 ? code.Length : close + 3;
            }

            if (spec.VerbatimStrings && c == '@' && i + 1 < code.Length && code[i + 1] == '"')
            {
                return Verbatim(i + 2);
            }

            if (spec.CharLiterals && c == '\'')
            {
                return CharLiteral(i, out css);
            }

            if (spec.Quotes.Contains(c, StringComparison.Ordinal) || spec.MultilineQuotes.Contains(c, StringComparison.Ordinal))
            {
                var end = QuotedString(i, c);
                if (spec.JsonKeys && IsFollowedByColon(end))
                {
                    css = "tok-key";
                }

                return end;
            }

            if (spec.Shell && c == '$' && i + 1 < code.Length && (code[i + 1] == '{' || IsIdentifierStart(code[i + 1])))
            {
                css = "tok-var";
                if (code[i + 1] == '{')
                {
                    var close = code.IndexOf('}', i + 2);
                    return close < 0 ? i + 2 : close + 1;
                }

                var j = i + 1;
                while (j < code.Length && IsIdentifierPart(code[j]))
                {
                    j++;
                }

                return j;
            }

            var startsWord = i == 0 || !IsIdentifierPart(code[i - 1]);
            if (char.IsAsciiDigit(c) && startsWord)
            {
                css = "tok-num";
                var j = i + 1;
                while (j < code.Length && (char.IsAsciiLetterOrDigit(code[j]) || code[j] == '_' || (code[j] == '.' && j + 1 < code.Length && char.IsAsciiDigit(code[j + 1]))))
                {
                    j++;
                }

                return j;
            }

            if (IsIdentifierStart(c) && startsWord)
            {
                var j = i + 1;
                while (j < code.Length && IsIdentifierPart(code[j]))
                {
                    j++;
                }

                var word = code[i..j];
                css = spec.Keywords.Contains(word) ? "tok-kw" : spec.Literals.Contains(word) ? "tok-lit" : null;
                return j;
            }

            css = null;
            return i;
        }

        private int QuotedString(int i, char quote)
        {
            var multiline = spec.MultilineQuotes.Contains(quote, StringComparison.Ordinal);
            var escapes = !(spec.Shell && quote == '\'');
            var j = i + 1;
            while (j < code.Length)
            {
                var c = code[j];
                if (c == '\\' && escapes)
                {
                    j += 2;
                    continue;
                }

                if (c == quote)
                {
                    return j + 1;
                }

                if (c == '\n' && !multiline)
                {
                    return j;
                }

                j++;
            }

            return code.Length;
        }

        private int Verbatim(int j)
        {
            while (j < code.Length)
            {
                if (code[j] == '"')
                {
                    if (j + 1 < code.Length && code[j + 1] == '"')
                    {
                        j += 2;
                        continue;
                    }

                    return j + 1;
                }

                j++;
            }

            return code.Length;
        }

        /// <summary><c>'x'</c> or <c>'\n'</c> is a character; anything else (a Rust lifetime) stays plain.</summary>
        private int CharLiteral(int i, out string? css)
        {
            css = "tok-str";
            if (i + 2 < code.Length && code[i + 1] != '\\' && code[i + 2] == '\'')
            {
                return i + 3;
            }

            if (i + 1 < code.Length && code[i + 1] == '\\')
            {
                var close = code.IndexOf('\'', i + 2);
                if (close > 0 && close - i <= 12 && code.IndexOf('\n', i, close - i) < 0)
                {
                    return close + 1;
                }
            }

            css = null;
            return i;
        }

        private bool IsFollowedByColon(int j)
        {
            while (j < code.Length && code[j] is ' ' or '\t')
            {
                j++;
            }

            return j < code.Length && code[j] == ':';
        }

        private bool Matches(int i, string marker) => string.CompareOrdinal(code, i, marker, 0, marker.Length) == 0;

        private static bool IsIdentifierStart(char c) => char.IsLetter(c) || c == '_';

        private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';

        private void Emit(int start, int end, string css)
        {
            Flush(start);
            _output.Append("<span class=\"").Append(css).Append("\">").Append(WebUtility.HtmlEncode(code[start..end])).Append("</span>");
            _plainStart = end;
        }

        private void Flush(int upTo)
        {
            if (upTo > _plainStart)
            {
                _output.Append(WebUtility.HtmlEncode(code[_plainStart..upTo]));
            }

            _plainStart = upTo;
        }
    }
}
