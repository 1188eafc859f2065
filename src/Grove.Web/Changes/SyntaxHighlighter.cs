namespace Grove.Web.Changes;

public enum TokenKind
{
    Text,
    Keyword,
    String,
    Comment,
    Number,
}

/// <summary>A run of a line's text. Rendered as text (encoded), never as markup.</summary>
public readonly record struct SyntaxToken(TokenKind Kind, string Text);

/// <summary>
/// Light, line-by-line highlighting for diffs: keywords, strings, comments and numbers. A diff
/// shows fragments of files, so no state is carried between lines (a block comment is coloured
/// on the lines that open or close it).
/// </summary>
public static class SyntaxHighlighter
{
    /// <summary>Longer lines (minified files) are shown as plain text.</summary>
    public const int MaxHighlightedLength = 2000;

    public static IReadOnlyList<SyntaxToken> Tokenize(string line, SyntaxLanguage? language)
    {
        if (line.Length == 0)
        {
            return [];
        }

        if (language is null || line.Length > MaxHighlightedLength)
        {
            return [new SyntaxToken(TokenKind.Text, line)];
        }

        var tokens = new List<SyntaxToken>();
        var plainStart = 0;
        var i = 0;
        while (i < line.Length)
        {
            var end = Match(line, i, language, out var kind);
            if (end <= i)
            {
                i++;
                continue;
            }

            if (kind == TokenKind.Text)
            {
                i = end;
                continue;
            }

            if (plainStart < i)
            {
                tokens.Add(new SyntaxToken(TokenKind.Text, line[plainStart..i]));
            }

            tokens.Add(new SyntaxToken(kind, line[i..end]));
            i = end;
            plainStart = end;
        }

        if (plainStart < line.Length)
        {
            tokens.Add(new SyntaxToken(TokenKind.Text, line[plainStart..]));
        }

        return tokens;
    }

    /// <summary>The end of the token starting at <paramref name="i"/>, or <paramref name="i"/> for one plain character.</summary>
    private static int Match(string line, int i, SyntaxLanguage language, out TokenKind kind)
    {
        kind = TokenKind.Text;
        var c = line[i];
        foreach (var prefix in language.LineComments)
        {
            if (string.CompareOrdinal(line, i, prefix, 0, prefix.Length) == 0)
            {
                kind = TokenKind.Comment;
                return line.Length;
            }
        }

        if (language.BlockComment is var (start, close))
        {
            if (string.CompareOrdinal(line, i, start, 0, start.Length) == 0)
            {
                kind = TokenKind.Comment;
                var found = line.IndexOf(close, i + start.Length, StringComparison.Ordinal);
                return found < 0 ? line.Length : found + close.Length;
            }

            if (i == 0 && close == "*/" && language.Name != "css" && line.TrimStart().StartsWith('*'))
            {
                // The middle of a block comment (" * text") or its last line.
                kind = TokenKind.Comment;
                var found = line.IndexOf(close, StringComparison.Ordinal);
                return found < 0 ? line.Length : found + close.Length;
            }
        }

        if (language.Quotes.Contains(c, StringComparison.Ordinal))
        {
            kind = TokenKind.String;
            for (var j = i + 1; j < line.Length; j++)
            {
                if (line[j] == '\\')
                {
                    j++;
                }
                else if (line[j] == c)
                {
                    return j + 1;
                }
            }

            return line.Length;
        }

        if (char.IsAsciiDigit(c) && (i == 0 || !IsWordChar(line[i - 1])))
        {
            kind = TokenKind.Number;
            var j = i + 1;
            while (j < line.Length && (char.IsAsciiLetterOrDigit(line[j]) || line[j] is '.' or '_'))
            {
                j++;
            }

            return j;
        }

        if (IsWordStart(c) && (i == 0 || !IsWordChar(line[i - 1])))
        {
            var j = i + 1;
            while (j < line.Length && IsWordChar(line[j]))
            {
                j++;
            }

            if (language.Keywords.Contains(line[i..j]))
            {
                kind = TokenKind.Keyword;
            }

            return j;
        }

        return i;
    }

    private static bool IsWordStart(char c) => char.IsLetter(c) || c is '_' or '$';

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';
}
