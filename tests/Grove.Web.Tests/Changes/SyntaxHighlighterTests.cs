using Grove.Web.Changes;

namespace Grove.Web.Tests.Changes;

public sealed class SyntaxHighlighterTests
{
    [Fact]
    public void CSharp_keywords_strings_numbers_and_comments_are_told_apart()
    {
        var tokens = SyntaxHighlighter.Tokenize("var name = \"x \\\" y\" + 42; // done", SyntaxLanguage.ForPath("src/App.cs"));

        Assert.Equal(
            [
                (TokenKind.Keyword, "var"),
                (TokenKind.Text, " name = "),
                (TokenKind.String, "\"x \\\" y\""),
                (TokenKind.Text, " + "),
                (TokenKind.Number, "42"),
                (TokenKind.Text, "; "),
                (TokenKind.Comment, "// done"),
            ],
            tokens.Select(t => (t.Kind, t.Text)));
    }

    [Fact]
    public void The_language_comes_from_the_extension()
    {
        Assert.Equal("python", SyntaxLanguage.ForPath("tools/build.py")!.Name);
        Assert.Equal("javascript", SyntaxLanguage.ForPath("web/App.TSX")!.Name);
        Assert.Equal("shell", SyntaxLanguage.ForPath("docker/Dockerfile")!.Name);
        Assert.Null(SyntaxLanguage.ForPath("notes.unknown"));
        Assert.Null(SyntaxLanguage.ForPath("LICENSE"));

        var python = SyntaxHighlighter.Tokenize("def f(): # note", SyntaxLanguage.ForPath("a.py"));
        Assert.Equal((TokenKind.Keyword, "def"), (python[0].Kind, python[0].Text));
        Assert.Equal((TokenKind.Comment, "# note"), (python[^1].Kind, python[^1].Text));
    }

    [Fact]
    public void Identifiers_that_contain_keywords_stay_plain()
    {
        var tokens = SyntaxHighlighter.Tokenize("internalValue = classify(x1)", SyntaxLanguage.ForPath("a.cs"));

        Assert.DoesNotContain(tokens, t => t.Kind is TokenKind.Keyword or TokenKind.Number);
        Assert.Equal("internalValue = classify(x1)", string.Concat(tokens.Select(t => t.Text)));
    }

    [Fact]
    public void Unknown_languages_and_very_long_lines_are_one_plain_token()
    {
        var longLine = "var x = 1;" + new string(' ', SyntaxHighlighter.MaxHighlightedLength);

        Assert.Equal([new SyntaxToken(TokenKind.Text, "if (x) return;")], SyntaxHighlighter.Tokenize("if (x) return;", null));
        Assert.Equal([new SyntaxToken(TokenKind.Text, longLine)], SyntaxHighlighter.Tokenize(longLine, SyntaxLanguage.ForPath("a.cs")));
    }

    [Fact]
    public void A_block_comment_is_coloured_on_the_lines_that_open_continue_or_close_it()
    {
        var cs = SyntaxLanguage.ForPath("a.cs");

        Assert.Equal(TokenKind.Comment, SyntaxHighlighter.Tokenize("/* start", cs)[0].Kind);
        Assert.Equal(TokenKind.Comment, SyntaxHighlighter.Tokenize("   * middle", cs)[0].Kind);
        var closing = SyntaxHighlighter.Tokenize(" */ return 1;", cs);
        Assert.Equal((TokenKind.Comment, " */"), (closing[0].Kind, closing[0].Text));
        Assert.Contains(closing, t => t is { Kind: TokenKind.Keyword, Text: "return" });
    }
}
