using System.Collections.Frozen;
using System.Net;
using System.Text;

namespace Grove.Web.Transcript.Rendering;

/// <summary>
/// A small syntax highlighter for code blocks and diffs: keywords, literals, strings, comments and
/// numbers of the common languages. Output is HTML-encoded text with <c>&lt;span class="tok-…"&gt;</c>
/// around tokens (styled for both themes in the transcript CSS); an unknown language is only encoded.
/// </summary>
public static partial class CodeHighlighter
{
    /// <summary>The canonical language for a fence info string or alias (cs, c#, ts, py, sh…), or null when unknown.</summary>
    public static string? Normalize(string? language)
    {
        if (string.IsNullOrWhiteSpace(language))
        {
            return null;
        }

        var name = language.Trim().Split([' ', '{', ','], 2)[0].ToLowerInvariant();
        return Aliases.TryGetValue(name, out var canonical) ? canonical : null;
    }

    /// <summary>The language of a file, from its extension; null when unknown.</summary>
    public static string? LanguageForPath(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        var extension = Path.GetExtension(path).TrimStart('.');
        return extension.Length == 0 ? null : Normalize(extension);
    }

    public static string Highlight(string code, string? language)
    {
        ArgumentNullException.ThrowIfNull(code);
        var canonical = Normalize(language);
        if (canonical == "diff")
        {
            return HighlightDiff(code);
        }

        if (canonical is null || !Specs.TryGetValue(canonical, out var spec))
        {
            return WebUtility.HtmlEncode(code);
        }

        return new Tokenizer(code, spec).Run();
    }

    private static string HighlightDiff(string code)
    {
        var output = new StringBuilder(code.Length + 64);
        var lines = code.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var css = line switch
            {
                _ when line.StartsWith("+++", StringComparison.Ordinal) || line.StartsWith("---", StringComparison.Ordinal) => "tok-meta",
                _ when line.StartsWith("diff ", StringComparison.Ordinal) || line.StartsWith("index ", StringComparison.Ordinal) => "tok-meta",
                _ when line.StartsWith("@@", StringComparison.Ordinal) => "tok-hunk",
                _ when line.StartsWith('+') => "tok-add",
                _ when line.StartsWith('-') => "tok-del",
                _ => null,
            };
            if (css is null)
            {
                output.Append(WebUtility.HtmlEncode(line));
            }
            else
            {
                output.Append("<span class=\"").Append(css).Append("\">").Append(WebUtility.HtmlEncode(line)).Append("</span>");
            }

            if (i < lines.Length - 1)
            {
                output.Append('\n');
            }
        }

        return output.ToString();
    }

    private static readonly FrozenDictionary<string, string> Aliases = new Dictionary<string, string>
    {
        ["cs"] = "csharp",
        ["c#"] = "csharp",
        ["csharp"] = "csharp",
        ["razor"] = "csharp",
        ["js"] = "javascript",
        ["jsx"] = "javascript",
        ["mjs"] = "javascript",
        ["cjs"] = "javascript",
        ["javascript"] = "javascript",
        ["ts"] = "typescript",
        ["tsx"] = "typescript",
        ["mts"] = "typescript",
        ["typescript"] = "typescript",
        ["py"] = "python",
        ["python"] = "python",
        ["python3"] = "python",
        ["go"] = "go",
        ["golang"] = "go",
        ["rs"] = "rust",
        ["rust"] = "rust",
        ["sh"] = "shell",
        ["bash"] = "shell",
        ["zsh"] = "shell",
        ["shell"] = "shell",
        ["console"] = "shell",
        ["shellscript"] = "shell",
        ["json"] = "json",
        ["jsonc"] = "json",
        ["jsonl"] = "json",
        ["diff"] = "diff",
        ["patch"] = "diff",
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
