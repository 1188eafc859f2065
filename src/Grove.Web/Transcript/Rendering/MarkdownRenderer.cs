using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Renderers.Html.Inlines;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Grove.Web.Transcript.Rendering;

/// <summary>
/// Renders agent markdown to HTML that is safe to insert: raw HTML is disabled (shown as text),
/// links work only for http, https and mailto and open in a new tab (rel=noopener), images become
/// links, fenced code is highlighted by <see cref="CodeHighlighter"/>. Pipe tables, task lists and
/// autolinks are on.
/// </summary>
public static class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseTaskLists()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .Build();

    public static string ToHtml(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var document = Markdown.Parse(markdown, Pipeline);
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.ObjectRenderers.Replace<CodeBlockRenderer>(new HighlightedCodeBlockRenderer());
        renderer.ObjectRenderers.Replace<LinkInlineRenderer>(new SafeLinkRenderer());
        renderer.ObjectRenderers.Replace<AutolinkInlineRenderer>(new SafeAutolinkRenderer());
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>True for the link targets Grove renders as links: absolute http, https and mailto URLs.</summary>
    public static bool IsSafeUrl(string? url) =>
        url is not null
        && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeMailto);

    private static void WriteAnchorStart(HtmlRenderer renderer, string url, string? title)
    {
        renderer.Write("<a href=\"").WriteEscapeUrl(url.Trim()).Write('"');
        if (!string.IsNullOrEmpty(title))
        {
            renderer.Write(" title=\"").WriteEscape(title).Write('"');
        }

        renderer.Write(" target=\"_blank\" rel=\"noopener noreferrer\">");
    }

    /// <summary>Links: safe ones open in a new tab; others (javascript:, relative paths…) are plain text; images are links.</summary>
    private sealed class SafeLinkRenderer : HtmlObjectRenderer<LinkInline>
    {
        protected override void Write(HtmlRenderer renderer, LinkInline link)
        {
            var url = link.GetDynamicUrl?.Invoke() ?? link.Url;
            if (!IsSafeUrl(url))
            {
                renderer.Write("<span class=\"md-link-blocked\" title=\"Link not opened: only http, https and mailto links are allowed\">");
                renderer.WriteChildren(link);
                renderer.Write("</span>");
                return;
            }

            WriteAnchorStart(renderer, url!, link.Title);
            if (link.IsImage)
            {
                renderer.Write("[image: ");
                renderer.WriteChildren(link);
                renderer.Write("]");
            }
            else
            {
                renderer.WriteChildren(link);
            }

            renderer.Write("</a>");
        }
    }

    private sealed class SafeAutolinkRenderer : HtmlObjectRenderer<AutolinkInline>
    {
        protected override void Write(HtmlRenderer renderer, AutolinkInline link)
        {
            var url = link.IsEmail ? "mailto:" + link.Url : link.Url;
            if (!IsSafeUrl(url))
            {
                renderer.WriteEscape(link.Url);
                return;
            }

            WriteAnchorStart(renderer, url, null);
            renderer.WriteEscape(link.Url);
            renderer.Write("</a>");
        }
    }

    /// <summary>Code blocks: a <c>pre</c> with the language, a copy button (transcript.js) and highlighted code.</summary>
    private sealed class HighlightedCodeBlockRenderer : HtmlObjectRenderer<CodeBlock>
    {
        protected override void Write(HtmlRenderer renderer, CodeBlock block)
        {
            var info = block is FencedCodeBlock fenced ? fenced.Info : null;
            var language = CodeHighlighter.Normalize(info);
            var code = block.Lines.ToString();
            renderer.EnsureLine();
            renderer.Write("<div class=\"code-block\"><div class=\"code-head\"><span class=\"code-lang\">");
            renderer.WriteEscape(string.IsNullOrWhiteSpace(info) ? "text" : info.Trim().Split(' ', 2)[0]);
            renderer.Write("</span><button type=\"button\" class=\"code-copy\" data-action=\"copy-code\" title=\"Copy\">Copy</button></div><pre><code");
            if (language is not null)
            {
                renderer.Write(" class=\"lang-").Write(language).Write('"');
            }

            renderer.Write('>');
            renderer.Write(CodeHighlighter.Highlight(code, language));
            renderer.Write("</code></pre></div>");
            renderer.EnsureLine();
        }
    }
}
