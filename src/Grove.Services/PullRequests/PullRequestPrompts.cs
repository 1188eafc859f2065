using System.Text;

namespace Grove.Services.PullRequests;

/// <summary>
/// The messages Grove drafts for the agent from a pull request: failing checks (name, link, the
/// check run's title, summary and text, each check's output cut to about
/// <see cref="MaxCheckOutputChars"/>) and review threads (file:line, author, body, the quoted diff hunk).
/// The user sees and may edit them in the composer before sending.
/// </summary>
public static class PullRequestPrompts
{
    /// <summary>About 4 KB of output per check: the end of a log usually says what failed, so a long text keeps its head and its tail.</summary>
    public const int MaxCheckOutputChars = 4000;

    /// <summary>At most this many lines of a review comment's diff hunk are quoted (the last ones, which end at the commented line).</summary>
    public const int MaxHunkLines = 12;

    public static string FailingChecks(IEnumerable<PullRequestCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var failing = checks.Where(c => c.Outcome == "failed").ToList();
        if (failing.Count == 0)
        {
            return "";
        }

        var text = new StringBuilder();
        text.Append(failing.Count == 1 ? "This pull request check failed" : $"These {failing.Count} pull request checks failed")
            .Append(". Find the cause and fix it:\n");
        foreach (var check in failing)
        {
            text.Append("\n### ").Append(check.Name).Append('\n');
            if (check.Url is { Length: > 0 } url)
            {
                text.Append(url).Append('\n');
            }

            var output = string.Join("\n\n", new[] { check.Title, check.Summary, check.Text }
                .Where(part => !string.IsNullOrWhiteSpace(part))
                .Select(part => part!.Trim())
                .Distinct(StringComparer.Ordinal));
            if (output.Length > 0)
            {
                text.Append("```\n").Append(Truncate(output, MaxCheckOutputChars).Replace("```", "ʼʼʼ", StringComparison.Ordinal)).Append("\n```\n");
            }
            else
            {
                text.Append("(no output; see the link)\n");
            }
        }

        return text.ToString().TrimEnd() + "\n";
    }

    public static string ReviewThreads(IEnumerable<PullRequestReviewThread> threads)
    {
        ArgumentNullException.ThrowIfNull(threads);
        var chosen = threads.Where(t => t.Comments.Count > 0).ToList();
        if (chosen.Count == 0)
        {
            return "";
        }

        var text = new StringBuilder();
        text.Append(chosen.Count == 1 ? "Address this pull request review comment:\n" : $"Address these {chosen.Count} pull request review comments:\n");
        foreach (var thread in chosen)
        {
            text.Append("\n`").Append(thread.Path);
            if (thread.Line is { } line)
            {
                text.Append(':').Append(line);
            }

            text.Append('`');
            if (thread.IsOutdated)
            {
                text.Append(" (outdated)");
            }

            text.Append('\n');
            if (LastLines(thread.DiffHunk, MaxHunkLines) is { Length: > 0 } hunk)
            {
                text.Append("```diff\n").Append(hunk.Replace("```", "ʼʼʼ", StringComparison.Ordinal)).Append("\n```\n");
            }

            foreach (var comment in thread.Comments)
            {
                text.Append("> **").Append(comment.Author ?? "someone").Append("**: ")
                    .Append(comment.Body.Trim().ReplaceLineEndings("\n").Replace("\n", "\n> ", StringComparison.Ordinal)).Append('\n');
            }
        }

        return text.ToString().TrimEnd() + "\n";
    }

    /// <summary>Keeps the head and the tail of a long text, saying how much was left out.</summary>
    internal static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var head = max / 3;
        var tail = max - head;
        return $"{text[..head].TrimEnd()}\n… ({text.Length - max} characters left out) …\n{text[^tail..].TrimStart()}";
    }

    private static string? LastLines(string? hunk, int count)
    {
        if (string.IsNullOrWhiteSpace(hunk))
        {
            return null;
        }

        var lines = hunk.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        return string.Join('\n', lines.Where(l => !l.StartsWith("@@", StringComparison.Ordinal)).TakeLast(count));
    }
}
