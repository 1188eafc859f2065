using Grove.Web.Transcript.Rendering;

namespace Grove.Web.Tests.Transcript;

public sealed class CodeHighlighterTests
{
    [Theory]
    [InlineData("cs", "public int X = 42; // c", "<span class=\"tok-kw\">public</span>", "<span class=\"tok-num\">42</span>", "<span class=\"tok-com\">// c</span>")]
    [InlineData("ts", "const s = `a\nb`; /* x */", "<span class=\"tok-kw\">const</span>", "<span class=\"tok-str\">`a\nb`</span>", "<span class=\"tok-com\">/* x */</span>")]
    [InlineData("js", "if (x === null) return 'y';", "<span class=\"tok-kw\">if</span>", "<span class=\"tok-lit\">null</span>", "<span class=\"tok-str\">&#39;y&#39;</span>")]
    [InlineData("python", "def f():\n    \"\"\"doc\"\"\"\n    return None  # done", "<span class=\"tok-kw\">def</span>", "<span class=\"tok-str\">&quot;&quot;&quot;doc&quot;&quot;&quot;</span>", "<span class=\"tok-com\"># done</span>")]
    [InlineData("go", "func main() { s := `raw` }", "<span class=\"tok-kw\">func</span>", "<span class=\"tok-str\">`raw`</span>", "main")]
    [InlineData("rust", "fn f<'a>(x: &'a str) -> char { 'c' }", "<span class=\"tok-kw\">fn</span>", "<span class=\"tok-str\">&#39;c&#39;</span>", "&lt;&#39;a&gt;")]
    [InlineData("bash", "echo \"$HOME\" # hi\nx=a#b", "<span class=\"tok-kw\">echo</span>", "<span class=\"tok-com\"># hi</span>", "x=a#b")]
    [InlineData("json", "{\"key\": \"value\", \"n\": 1.5, \"ok\": true}", "<span class=\"tok-key\">&quot;key&quot;</span>", "<span class=\"tok-str\">&quot;value&quot;</span>", "<span class=\"tok-num\">1.5</span>")]
    public void Highlights_keywords_strings_comments_and_numbers(string language, string code, string first, string second, string third)
    {
        var html = CodeHighlighter.Highlight(code, language);

        Assert.Contains(first, html, StringComparison.Ordinal);
        Assert.Contains(second, html, StringComparison.Ordinal);
        Assert.Contains(third, html, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_lines_are_marked_added_removed_and_hunk()
    {
        var html = CodeHighlighter.Highlight("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n same", "diff");

        Assert.Contains("<span class=\"tok-del\">-old</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"tok-add\">+new</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"tok-hunk\">@@ -1 +1 @@</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"tok-meta\">+++ b/x</span>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_language_is_only_encoded()
    {
        Assert.Equal("&lt;b&gt; if &amp;", CodeHighlighter.Highlight("<b> if &", "cobol"));
        Assert.Equal("&lt;b&gt; if &amp;", CodeHighlighter.Highlight("<b> if &", null));
    }

    [Fact]
    public void Markup_inside_tokens_is_encoded()
    {
        var html = CodeHighlighter.Highlight("var s = \"</span><script>\"; // <b>", "csharp");

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("src/app.cs", "csharp")]
    [InlineData("web/main.tsx", "typescript")]
    [InlineData("tool.py", "python")]
    [InlineData("build.sh", "shell")]
    [InlineData("src/Main.java", "java")]
    [InlineData("app/build.gradle.kts", "java")]
    [InlineData("lib/x.hpp", "c")]
    [InlineData("page.razor", "razor")]
    [InlineData("docker/Dockerfile", "shell")]
    [InlineData("Makefile", "shell")]
    [InlineData("config.YAML", "yaml")]
    [InlineData("notes.unknown", null)]
    [InlineData("LICENSE", null)]
    public void Language_for_path_uses_the_extension(string path, string? expected) => Assert.Equal(expected, CodeHighlighter.LanguageForPath(path));

    [Theory]
    [InlineData("Main.java", "public static void main(String[] args) { return; } // go", "<span class=\"tok-kw\">public</span>", "<span class=\"tok-kw\">void</span>", "<span class=\"tok-com\">// go</span>")]
    [InlineData("q.sql", "SELECT name FROM users WHERE id = 'x' -- c", "<span class=\"tok-kw\">SELECT</span>", "<span class=\"tok-str\">&#39;x&#39;</span>", "<span class=\"tok-com\">-- c</span>")]
    [InlineData("a.rb", "def run; nil; end # r", "<span class=\"tok-kw\">def</span>", "<span class=\"tok-lit\">nil</span>", "<span class=\"tok-com\"># r</span>")]
    [InlineData("x.yaml", "enabled: true # on", "<span class=\"tok-lit\">true</span>", "<span class=\"tok-com\"># on</span>", "enabled: ")]
    [InlineData("page.html", "<a href=\"x\"><!-- c -->", "<span class=\"tok-str\">&quot;x&quot;</span>", "<span class=\"tok-com\">&lt;!-- c --&gt;</span>", "&lt;a href=")]
    public void Every_language_of_the_diff_view_is_known(string path, string code, string first, string second, string third)
    {
        var html = CodeHighlighter.HighlightLine(code, CodeHighlighter.LanguageForPath(path));

        Assert.Contains(first, html, StringComparison.Ordinal);
        Assert.Contains(second, html, StringComparison.Ordinal);
        Assert.Contains(third, html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_diff_line_inside_a_block_comment_is_a_comment()
    {
        Assert.Equal("<span class=\"tok-com\">   * middle</span>", CodeHighlighter.HighlightLine("   * middle", "csharp"));
        Assert.Equal("<span class=\"tok-com\"> */</span> <span class=\"tok-kw\">return</span> <span class=\"tok-num\">1</span>;", CodeHighlighter.HighlightLine(" */ return 1;", "csharp"));
        Assert.Equal("<span class=\"tok-com\">/* start</span>", CodeHighlighter.HighlightLine("/* start", "csharp"));
    }

    [Fact]
    public void Words_inside_identifiers_and_long_lines_are_not_coloured()
    {
        Assert.DoesNotContain("tok-", CodeHighlighter.HighlightLine("internalValue = classify(x1)", "csharp"), StringComparison.Ordinal);
        var longLine = "var x = 1;" + new string(' ', CodeHighlighter.MaxHighlightedLength);
        Assert.Equal(longLine, CodeHighlighter.HighlightLine(longLine, "csharp"));
    }
}
