using System.Text;
using Grove.Core.Review;

namespace Grove.Services.Review;

/// <summary>
/// The one readable block pending review comments become in a message: a heading, then per comment
/// its <c>file:line</c>, the quoted code in a fence and the comment's text. The block goes before the
/// person's own text (after it when the text is a slash command, which must stay first).
/// </summary>
public static class ReviewCommentBlock
{
    public const string Heading = "Review comments:";

    public const string OutdatedNote = "(outdated: the code has changed since this comment was written)";

    public static string Compose(IReadOnlyList<ReviewComment> comments)
    {
        ArgumentNullException.ThrowIfNull(comments);
        var text = new StringBuilder(Heading);
        foreach (var comment in comments)
        {
            text.Append("\n\n`").Append(comment.Location).Append('`');
            if (comment.Outdated)
            {
                text.Append(' ').Append(OutdatedNote);
            }

            var fence = FenceFor(comment.QuotedCode);
            text.Append('\n').Append(fence).Append('\n').Append(comment.QuotedCode.TrimEnd('\n')).Append('\n').Append(fence)
                .Append('\n').Append(comment.Body.Trim());
        }

        return text.ToString();
    }

    /// <summary>The message that is sent: the block, then the person's text (or the text first when it is a slash command).</summary>
    public static string Attach(string block, string? text)
    {
        var own = text?.Trim() ?? string.Empty;
        return own.Length == 0 ? block
            : own.StartsWith('/') ? own + "\n\n" + block
            : block + "\n\n" + own;
    }

    /// <summary>True when <paramref name="message"/> is <paramref name="text"/> as sent, with or without review comments attached.</summary>
    public static bool Carries(string message, string text)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(text);
        var own = text.Trim();
        return message == text || message == own
            || (message.StartsWith(Heading, StringComparison.Ordinal) && (own.Length == 0 || message.EndsWith("\n\n" + own, StringComparison.Ordinal)))
            || (own.StartsWith('/') && message.StartsWith(own + "\n\n" + Heading, StringComparison.Ordinal));
    }

    /// <summary>A backtick fence longer than any run of backticks in the code.</summary>
    private static string FenceFor(string code)
    {
        int longest = 0, run = 0;
        foreach (var c in code)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return new string('`', Math.Max(3, longest + 1));
    }
}
