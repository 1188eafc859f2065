namespace Grove.Web.Changes;

/// <summary>What the light highlighter knows about a language: keywords, comments and string quotes.</summary>
public sealed class SyntaxLanguage
{
    private static readonly string[] CFamilyComments = ["//"];
    private static readonly string[] HashComments = ["#"];

    private static readonly Dictionary<string, SyntaxLanguage> ByExtension = Build();

    private SyntaxLanguage(string name, string keywords, string[] lineComments, (string Start, string End)? blockComment, string quotes, bool ignoreCase = false)
    {
        Name = name;
        Keywords = new HashSet<string>(
            keywords.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        LineComments = lineComments;
        BlockComment = blockComment;
        Quotes = quotes;
    }

    public string Name { get; }

    public IReadOnlySet<string> Keywords { get; }

    public IReadOnlyList<string> LineComments { get; }

    public (string Start, string End)? BlockComment { get; }

    public string Quotes { get; }

    /// <summary>The language of a file by its extension (or name, e.g. Dockerfile), or null for plain text.</summary>
    public static SyntaxLanguage? ForPath(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        var name = Path.GetFileName(path);
        if (ByExtension.TryGetValue(name, out var byName))
        {
            return byName;
        }

        var extension = Path.GetExtension(name);
        return extension.Length > 1 && ByExtension.TryGetValue(extension[1..].ToLowerInvariant(), out var language) ? language : null;
    }

    private static Dictionary<string, SyntaxLanguage> Build()
    {
        var csharp = new SyntaxLanguage("csharp",
            "abstract as async await base bool break byte case catch char checked class const continue decimal default delegate do double else enum event explicit extern false finally fixed float for foreach get goto if implicit in init int interface internal is lock long namespace new null object operator out override params private protected public readonly record ref required return sbyte sealed set short sizeof stackalloc static string struct switch this throw true try typeof uint ulong unchecked unsafe ushort using var virtual void volatile when where while with yield",
            CFamilyComments, ("/*", "*/"), "\"'");
        var script = new SyntaxLanguage("javascript",
            "abstract any as async await boolean break case catch class const constructor continue debugger declare default delete do else enum export extends false finally for from function get if implements import in instanceof interface let new null number of private protected public readonly return set static string super switch this throw true try type typeof undefined var void while with yield",
            CFamilyComments, ("/*", "*/"), "\"'`");
        var java = new SyntaxLanguage("java",
            "abstract boolean break byte case catch char class const continue default do double else enum extends false final finally float for fun if implements import in instanceof int interface is long native new null object override package private protected public return short static super switch synchronized this throw throws transient true try val var void volatile when while",
            CFamilyComments, ("/*", "*/"), "\"'");
        var go = new SyntaxLanguage("go",
            "break case chan const continue default defer else fallthrough false for func go goto if import interface map nil package range return select struct switch true type var",
            CFamilyComments, ("/*", "*/"), "\"'`");
        var rust = new SyntaxLanguage("rust",
            "as async await break const continue crate dyn else enum extern false fn for if impl in let loop match mod move mut pub ref return self Self static struct super trait true type unsafe use where while",
            CFamilyComments, ("/*", "*/"), "\"");
        var c = new SyntaxLanguage("c",
            "auto bool break case catch char class const constexpr continue default delete do double else enum explicit extern false float for friend goto if inline int long namespace new nullptr operator private protected public register return short signed sizeof static struct switch template this throw true try typedef typename union unsigned using virtual void volatile while",
            CFamilyComments, ("/*", "*/"), "\"'");
        var swift = new SyntaxLanguage("swift",
            "as break case catch class continue default defer do else enum extension false fileprivate for func guard if import in init internal let nil private protocol public return self static struct switch throw throws true try var where while",
            CFamilyComments, ("/*", "*/"), "\"");
        var python = new SyntaxLanguage("python",
            "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return self try while with yield",
            HashComments, null, "\"'");
        var ruby = new SyntaxLanguage("ruby",
            "begin break case class def defined do else elsif end ensure false for if in module next nil not or redo rescue retry return self super then true undef unless until when while yield",
            HashComments, null, "\"'");
        var shell = new SyntaxLanguage("shell",
            "case do done elif else esac exit export fi for function if in local readonly return set shift then unset until while",
            HashComments, null, "\"'");
        var sql = new SyntaxLanguage("sql",
            "add all alter and as asc begin between by case check column commit constraint create default delete desc distinct drop else end exists foreign from group having if in index inner insert integer into is join key left like limit not null on or order outer primary references right rollback select set table text then transaction union unique update values view when where",
            ["--"], ("/*", "*/"), "'\"", ignoreCase: true);
        var css = new SyntaxLanguage("css", "important media import from to", [], ("/*", "*/"), "\"'");
        var markup = new SyntaxLanguage("markup", "", [], ("<!--", "-->"), "\"'");
        var razor = new SyntaxLanguage("razor", string.Join(' ', csharp.Keywords.Concat(["code", "page", "inject", "implements"])), [], ("@*", "*@"), "\"'");
        var data = new SyntaxLanguage("data", "true false null yes no on off", HashComments, null, "\"'");
        var json = new SyntaxLanguage("json", "true false null", [], null, "\"");
        var php = new SyntaxLanguage("php",
            "abstract array as break case catch class const continue default do echo else elseif extends false final finally fn for foreach function if implements interface namespace new null private protected public return static switch this throw true try use var while",
            ["//", "#"], ("/*", "*/"), "\"'");

        var map = new Dictionary<string, SyntaxLanguage>(StringComparer.Ordinal);
        void Add(SyntaxLanguage language, params string[] keys)
        {
            foreach (var key in keys)
            {
                map[key] = language;
            }
        }

        Add(csharp, "cs", "csx");
        Add(script, "js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts");
        Add(java, "java", "kt", "kts", "scala", "groovy", "gradle", "dart");
        Add(go, "go");
        Add(rust, "rs");
        Add(c, "c", "h", "cc", "cpp", "cxx", "hpp", "hh", "m", "mm");
        Add(swift, "swift");
        Add(python, "py", "pyi");
        Add(ruby, "rb", "rake", "Gemfile", "Rakefile");
        Add(shell, "sh", "bash", "zsh", "fish", "ps1", "Dockerfile", "Makefile", "mk");
        Add(sql, "sql");
        Add(css, "css", "scss", "less");
        Add(markup, "html", "htm", "xml", "xaml", "svg", "csproj", "props", "targets", "vue", "svelte");
        Add(razor, "razor", "cshtml");
        Add(data, "yml", "yaml", "toml", "ini", "cfg", "conf", "env", "editorconfig", "gitignore");
        Add(json, "json", "jsonc");
        Add(php, "php");
        return map;
    }
}
