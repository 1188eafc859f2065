using System.Collections.Frozen;

namespace Grove.Web.Transcript.Rendering;

public static partial class CodeHighlighter
{
    /// <summary>How one language is tokenised.</summary>
    private sealed record LanguageSpec
    {
        public FrozenSet<string> Keywords { get; init; } = FrozenSet<string>.Empty;
        public FrozenSet<string> Literals { get; init; } = FrozenSet<string>.Empty;
        public string[] LineComments { get; init; } = [];
        public (string Start, string End)? BlockComment { get; init; }

        /// <summary>Characters that open a string ending at the same character on the same line.</summary>
        public string Quotes { get; init; } = "\"";

        /// <summary>Quotes whose strings may span lines (JS template literals, Go raw strings).</summary>
        public string MultilineQuotes { get; init; } = string.Empty;

        /// <summary>Python and C# raw strings: <c>"""…"""</c>.</summary>
        public bool TripleQuotes { get; init; }

        /// <summary>C#, Go, Rust: <c>'x'</c> is a character (a lone <c>'</c> is a Rust lifetime, not a string).</summary>
        public bool CharLiterals { get; init; }

        /// <summary>C#: <c>@"…"</c> strings span lines and escape quotes by doubling.</summary>
        public bool VerbatimStrings { get; init; }

        /// <summary>Shell: <c>#</c> starts a comment only at the start of a word; <c>$NAME</c> is a variable.</summary>
        public bool Shell { get; init; }

        /// <summary>JSON: a string followed by <c>:</c> is a key.</summary>
        public bool JsonKeys { get; init; }
    }

    private const string CSharpKeywords = "abstract as async await base bool break byte case catch char checked class const continue decimal default delegate do double else enum event explicit extern file finally fixed float for foreach get global goto if implicit in init int interface internal is lock long nameof namespace new not object operator or and out override params partial private protected public readonly record ref required return sbyte sealed set short sizeof stackalloc static string struct switch this throw try typeof uint ulong unchecked unsafe ushort using var virtual void volatile when where while with yield";

    private static string WithUpperCase(string words) => words + " " + words.ToUpperInvariant();

    private static FrozenSet<string> Words(string words) => words.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);

    private static readonly LanguageSpec JavaScript = new()
    {
        Keywords = Words("async await break case catch class const continue debugger default delete do else export extends finally for from function get if import in instanceof let new of return set static super switch this throw try typeof var void while with yield"),
        Literals = Words("true false null undefined NaN Infinity"),
        LineComments = ["//"],
        BlockComment = ("/*", "*/"),
        Quotes = "\"'",
        MultilineQuotes = "`",
    };

    private static readonly FrozenDictionary<string, LanguageSpec> Specs = new Dictionary<string, LanguageSpec>(StringComparer.Ordinal)
    {
        ["csharp"] = new()
        {
            Keywords = Words(CSharpKeywords),
            Literals = Words("true false null"),
            LineComments = ["//"],
            BlockComment = ("/*", "*/"),
            Quotes = "\"",
            TripleQuotes = true,
            CharLiterals = true,
            VerbatimStrings = true,
        },
        ["javascript"] = JavaScript,
        ["typescript"] = JavaScript with
        {
            Keywords = Words("abstract any as async await boolean break case catch class const constructor continue debugger declare default delete do else enum export extends finally for from function get if implements import in infer instanceof interface is keyof let namespace never new number object of private protected public readonly return satisfies set static string super switch symbol this throw try type typeof unknown var void while with yield"),
        },
        ["python"] = new()
        {
            Keywords = Words("and as assert async await break case class continue def del elif else except finally for from global if import in is lambda match nonlocal not or pass raise return try while with yield"),
            Literals = Words("True False None self cls"),
            LineComments = ["#"],
            Quotes = "\"'",
            TripleQuotes = true,
        },
        ["go"] = new()
        {
            Keywords = Words("break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var bool byte error float32 float64 int int8 int16 int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr any"),
            Literals = Words("true false nil iota"),
            LineComments = ["//"],
            BlockComment = ("/*", "*/"),
            Quotes = "\"",
            MultilineQuotes = "`",
            CharLiterals = true,
        },
        ["rust"] = new()
        {
            Keywords = Words("as async await break const continue crate dyn else enum extern fn for if impl in let loop match mod move mut pub ref return self Self static struct super trait type unsafe use where while bool char str i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize f32 f64 String Vec Option Result Box"),
            Literals = Words("true false None Some Ok Err"),
            LineComments = ["//"],
            BlockComment = ("/*", "*/"),
            Quotes = "\"",
            CharLiterals = true,
        },
        ["shell"] = new()
        {
            Keywords = Words("if then else elif fi for while until do done case esac in function return local export readonly unset shift exit break continue source alias set echo cd printf read test eval exec trap sudo"),
            Literals = Words("true false"),
            LineComments = ["#"],
            Quotes = "\"'",
            MultilineQuotes = "\"'",
            Shell = true,
        },
        ["json"] = new()
        {
            Literals = Words("true false null"),
            LineComments = ["//"],
            BlockComment = ("/*", "*/"),
            Quotes = "\"",
            JsonKeys = true,
        },
        ["java"] = new()
        {
            Keywords = Words("abstract boolean break byte case catch char class const continue default do double else enum extends final finally float for fun if implements import in instanceof int interface is long native new object override package private protected public return short static super switch synchronized this throw throws transient try val var void volatile when while"),
            Literals = Words("true false null"),
            LineComments = ["//"],
            BlockComment = ("/*", "*/"),
            Quotes = "\"",
            TripleQuotes = true,
            CharLiterals = true,
        },
        ["c"] = new()
        {
            Keywords = Words("auto bool break case catch char class const constexpr continue default delete do double else enum explicit extern float for friend goto if inline int long namespace new operator private protected public register return short signed sizeof static struct switch template this throw try typedef typename union unsigned using virtual void volatile while"),
            Literals = Words("true false nullptr NULL"),
            LineComments = ["//"],
            BlockComment = ("/*", "*/"),
            Quotes = "\"",
            CharLiterals = true,
        },
        ["swift"] = new()
        {
            Keywords = Words("as break case catch class continue default defer do else enum extension fileprivate for func guard if import in init internal let private protocol public return self static struct switch throw throws try var where while"),
            Literals = Words("true false nil"),
            LineComments = ["//"],
            BlockComment = ("/*", "*/"),
            Quotes = "\"",
            TripleQuotes = true,
        },
        ["ruby"] = new()
        {
            Keywords = Words("begin break case class def defined do else elsif end ensure for if in module next not or redo rescue retry return self super then undef unless until when while yield"),
            Literals = Words("true false nil"),
            LineComments = ["#"],
            Quotes = "\"'",
        },
        ["php"] = new()
        {
            Keywords = Words("abstract array as break case catch class const continue default do echo else elseif extends final finally fn for foreach function if implements interface namespace new private protected public return static switch this throw try use var while"),
            Literals = Words("true false null"),
            LineComments = ["//", "#"],
            BlockComment = ("/*", "*/"),
            Quotes = "\"'",
        },
        ["sql"] = new()
        {
            Keywords = Words(WithUpperCase("add all alter and as asc begin between by case check column commit constraint create default delete desc distinct drop else end exists foreign from group having if in index inner insert integer into is join key left like limit not on or order outer primary references right rollback select set table text then transaction union unique update values view when where")),
            Literals = Words(WithUpperCase("true false null")),
            LineComments = ["--"],
            BlockComment = ("/*", "*/"),
            Quotes = "'\"",
        },
        ["css"] = new()
        {
            Keywords = Words("important media import from to"),
            BlockComment = ("/*", "*/"),
            Quotes = "\"'",
        },
        ["markup"] = new()
        {
            BlockComment = ("<!--", "-->"),
            Quotes = "\"'",
        },
        ["razor"] = new()
        {
            Keywords = Words(CSharpKeywords + " code page inject implements"),
            Literals = Words("true false null"),
            BlockComment = ("@*", "*@"),
            Quotes = "\"'",
        },
        ["yaml"] = new()
        {
            Literals = Words("true false null yes no on off"),
            LineComments = ["#"],
            Quotes = "\"'",
        },
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
