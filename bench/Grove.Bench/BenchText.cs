using System.Text;

namespace Grove.Bench;

/// <summary>Deterministic, code-assistant-flavoured prose, so payloads and the FTS index look like real ones.</summary>
internal sealed class BenchText(int seed)
{
    private static readonly string[] Words =
    [
        "the", "a", "to", "of", "and", "in", "is", "it", "that", "for", "this", "with", "we", "test", "file", "function",
        "return", "value", "null", "string", "async", "await", "task", "error", "fix", "build", "project", "method",
        "class", "interface", "public", "private", "read", "write", "update", "database", "transcript", "event", "append",
        "worktree", "branch", "commit", "merge", "diff", "change", "line", "src/Grove.Data/Stores/TranscriptStore.cs",
        "`dotnet test`", "passes", "fails", "because", "now", "then", "I'll", "let's", "check", "run", "add", "remove",
        "should", "could", "would", "when", "where", "which", "index", "query", "sequence", "timeout", "cancellation",
        "token", "exception", "handler", "config", "option", "path", "folder", "name", "id", "json", "payload", "schema",
    ];

    private readonly Random _random = new(seed);

    public string Sentence(int chars)
    {
        var text = new StringBuilder(chars + 32);
        while (text.Length < chars)
        {
            text.Append(text.Length == 0 ? string.Empty : " ").Append(Words[_random.Next(Words.Length)]);
            if (_random.Next(12) == 0)
            {
                text.Append(_random.Next(3) == 0 ? ".\n" : ".");
            }
        }

        return text.ToString();
    }

    public int Next(int min, int max) => _random.Next(min, max);

    public string Id(string prefix) => $"{prefix}_{_random.NextInt64():x16}{_random.Next():x8}";
}
