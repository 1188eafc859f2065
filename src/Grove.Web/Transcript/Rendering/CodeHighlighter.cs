using System.Collections.Frozen;
using System.Net;
using System.Text;

namespace Grove.Web.Transcript.Rendering;

/// <summary>
/// Grove's one syntax highlighter, for the transcript's code blocks and edit cards and the changes
/// panel's diffs: keywords, literals, strings, comments and numbers of the common languages. Output is HTML-encoded text with <c>&lt;span class="tok-…"&gt;</c>
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

    /// <summary>The language of a file, from its extension (or its name: Dockerfile, Makefile…); null when unknown.</summary>
    public static string? LanguageForPath(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        var name = Path.GetFileName(path);
        if (FileNames.TryGetValue(name, out var byName))
        {
            return byName;
        }

        var extension = Path.GetExtension(name).TrimStart('.');
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

    /// <summary>Longer lines (minified files) are only encoded, never tokenised.</summary>
    public const int MaxHighlightedLength = 2000;

    /// <summary>
    /// One line of a diff: a fragment of a file, so nothing is known about the lines around it. A
    /// line that starts with <c>*</c> in a language with <c>/* */</c> comments is taken as the
    /// middle or end of a block comment (" * text", " */ code").
    /// </summary>
    public static string HighlightLine(string line, string? language)
    {
        ArgumentNullException.ThrowIfNull(line);
        var canonical = Normalize(language);
        if (line.Length > MaxHighlightedLength || canonical is null or "diff" || !Specs.TryGetValue(canonical, out var spec))
        {
            return WebUtility.HtmlEncode(line);
        }

        if (spec.BlockComment is ("/*", "*/") && canonical != "css" && line.TrimStart().StartsWith('*'))
        {
            var close = line.IndexOf("*/", StringComparison.Ordinal);
            var end = close < 0 ? line.Length : close + 2;
            return "<span class=\"tok-com\">" + WebUtility.HtmlEncode(line[..end]) + "</span>" + new Tokenizer(line[end..], spec).Run();
        }

        return new Tokenizer(line, spec).Run();
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
        ["razor"] = "razor",
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
        ["pyi"] = "python",
        ["cts"] = "typescript",
        ["cshtml"] = "razor",
        ["java"] = "java",
        ["kt"] = "java",
        ["kts"] = "java",
        ["kotlin"] = "java",
        ["scala"] = "java",
        ["groovy"] = "java",
        ["gradle"] = "java",
        ["dart"] = "java",
        ["c"] = "c",
        ["h"] = "c",
        ["cc"] = "c",
        ["cpp"] = "c",
        ["c++"] = "c",
        ["cxx"] = "c",
        ["hpp"] = "c",
        ["hh"] = "c",
        ["m"] = "c",
        ["mm"] = "c",
        ["objc"] = "c",
        ["swift"] = "swift",
        ["rb"] = "ruby",
        ["ruby"] = "ruby",
        ["rake"] = "ruby",
        ["php"] = "php",
        ["sql"] = "sql",
        ["css"] = "css",
        ["scss"] = "css",
        ["less"] = "css",
        ["markup"] = "markup",
        ["html"] = "markup",
        ["htm"] = "markup",
        ["xml"] = "markup",
        ["xaml"] = "markup",
        ["svg"] = "markup",
        ["csproj"] = "markup",
        ["props"] = "markup",
        ["targets"] = "markup",
        ["vue"] = "markup",
        ["svelte"] = "markup",
        ["yml"] = "yaml",
        ["yaml"] = "yaml",
        ["toml"] = "yaml",
        ["ini"] = "yaml",
        ["cfg"] = "yaml",
        ["conf"] = "yaml",
        ["env"] = "yaml",
        ["editorconfig"] = "yaml",
        ["gitignore"] = "yaml",
        ["fish"] = "shell",
        ["ps1"] = "shell",
        ["mk"] = "shell",
        ["dockerfile"] = "shell",
        ["makefile"] = "shell",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Files known by name rather than extension.</summary>
    private static readonly FrozenDictionary<string, string> FileNames = new Dictionary<string, string>
    {
        ["Dockerfile"] = "shell",
        ["Makefile"] = "shell",
        ["Gemfile"] = "ruby",
        ["Rakefile"] = "ruby",
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
