using Grove.Web.Transcript.Rendering;

namespace Grove.Web.Tests.Transcript;

public sealed class MarkdownRendererTests
{
    [Fact]
    public void Script_tags_in_agent_text_are_shown_as_text()
    {
        var html = MarkdownRenderer.ToHtml("Hello <script>alert('x')</script> and <img src=x onerror=alert(1)>\n\n<div onclick=\"evil()\">block</div>");

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<div onclick", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](JavaScript:alert(1))")]
    [InlineData("[click]( javascript:alert(1) )")]
    [InlineData("[click](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("[click](vbscript:msgbox)")]
    [InlineData("![x](javascript:alert(1))")]
    public void Links_other_than_http_https_and_mailto_are_not_links(string markdown)
    {
        var html = MarkdownRenderer.ToHtml(markdown);

        Assert.DoesNotContain("href", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<a ", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Safe_links_open_in_a_new_tab_without_an_opener()
    {
        var html = MarkdownRenderer.ToHtml("See [the docs](https://example.com/a?b=1&c=2 \"Docs\") or https://grove.dev or <mailto:me@example.com>.");

        Assert.Contains("<a href=\"https://example.com/a?b=1&amp;c=2\" title=\"Docs\" target=\"_blank\" rel=\"noopener noreferrer\">the docs</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://grove.dev\" target=\"_blank\" rel=\"noopener noreferrer\">https://grove.dev</a>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"mailto:me@example.com\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Relative_links_are_plain_text_so_they_cannot_navigate_the_app()
    {
        var html = MarkdownRenderer.ToHtml("Open [settings](/settings) or [file](src/app.cs).");

        Assert.DoesNotContain("href", html, StringComparison.Ordinal);
        Assert.Contains("class=\"md-link-blocked\"", html, StringComparison.Ordinal);
        Assert.Contains(">settings<", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Images_become_links_instead_of_loading()
    {
        var html = MarkdownRenderer.ToHtml("![diagram](https://example.com/d.png)");

        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.com/d.png\"", html, StringComparison.Ordinal);
        Assert.Contains("[image: diagram]", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Pipe_tables_and_task_lists_render()
    {
        var html = MarkdownRenderer.ToHtml("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n");

        Assert.Contains("<table>", html, StringComparison.Ordinal);
        Assert.Contains("<td>2</td>", html, StringComparison.Ordinal);
        Assert.Contains("task-list-item", html, StringComparison.Ordinal);
        Assert.Contains("checked=\"checked\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Fenced_code_is_highlighted_and_encoded()
    {
        var html = MarkdownRenderer.ToHtml("```csharp\nvar s = \"<b>\"; // note\n```");

        Assert.Contains("<code class=\"lang-csharp\">", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"tok-kw\">var</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"tok-str\">&quot;&lt;b&gt;&quot;</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"tok-com\">// note</span>", html, StringComparison.Ordinal);
        Assert.Contains("data-action=\"copy-code\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_code_fence_with_a_hostile_info_string_is_encoded()
    {
        var html = MarkdownRenderer.ToHtml("```\"><script>x</script>\ncode\n```");

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }
}
