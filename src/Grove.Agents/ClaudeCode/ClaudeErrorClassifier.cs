using Grove.Core.Agents;

namespace Grove.Agents.ClaudeCode;

/// <summary>Turns Claude Code's error text and API status into an <see cref="AgentErrorKind"/> and a readable message with the fix.</summary>
internal static class ClaudeErrorClassifier
{
    public static AgentErrorKind Classify(string? text, int? httpStatus = null, string? errorType = null)
    {
        var t = string.Join(' ', text, errorType);
        if (Has(t, "Not logged in") || Has(t, "/login"))
        {
            return AgentErrorKind.NotLoggedIn;
        }

        if (Has(t, "No conversation found") || Has(t, "session not found") || Has(t, "No session found"))
        {
            return AgentErrorKind.SessionNotFound;
        }

        if (httpStatus == 401 || Has(t, "invalid x-api-key") || Has(t, "Invalid API key") || Has(t, "authentication_error")
            || Has(t, "authentication_failed") || Has(t, "OAuth token has expired"))
        {
            return AgentErrorKind.InvalidApiKey;
        }

        if (httpStatus == 429 || Has(t, "rate_limit") || Has(t, "rate limit"))
        {
            return AgentErrorKind.RateLimit;
        }

        if (httpStatus == 529 || Has(t, "overloaded"))
        {
            return AgentErrorKind.Overloaded;
        }

        if (Has(t, "Usage Policy") || Has(t, "usage policy"))
        {
            return AgentErrorKind.UsagePolicy;
        }

        if (Has(t, "ECONNREFUSED") || Has(t, "ENOTFOUND") || Has(t, "ETIMEDOUT") || Has(t, "ECONNRESET")
            || Has(t, "Connection error") || Has(t, "fetch failed") || Has(t, "Request timed out") || Has(t, "network"))
        {
            return AgentErrorKind.Network;
        }

        return AgentErrorKind.Unknown;
    }

    /// <summary>One readable sentence for the kind; <paramref name="detail"/> is appended when the kind says little on its own.</summary>
    public static string Describe(AgentErrorKind kind, string? detail) => kind switch
    {
        AgentErrorKind.NotLoggedIn =>
            "Claude Code is not signed in. Run `claude /login` in a terminal, or set an Anthropic API key in Grove's settings.",
        AgentErrorKind.InvalidApiKey =>
            "The Anthropic API rejected the key or token (401). Check the API key in Grove's settings or sign in again with `claude /login`.",
        AgentErrorKind.RateLimit =>
            "The Anthropic API rate limit was reached (429). Wait a moment and send the message again.",
        AgentErrorKind.Overloaded =>
            "The Anthropic API is overloaded (529). Try again in a few minutes.",
        AgentErrorKind.UsagePolicy =>
            "The request was refused under Anthropic's usage policy. Rephrase the message and try again.",
        AgentErrorKind.SessionNotFound =>
            "The Claude session to resume was not found; start a new session in this tab.",
        AgentErrorKind.Network =>
            $"Claude Code could not reach the API; check the network or the configured base URL.{Suffix(detail)}",
        _ => string.IsNullOrWhiteSpace(detail) ? "Claude Code reported an error." : $"Claude Code reported an error: {Trim(detail)}",
    };

    private static string Suffix(string? detail) => string.IsNullOrWhiteSpace(detail) ? string.Empty : $" ({Trim(detail)})";

    private static string Trim(string text)
    {
        text = text.Trim();
        return text.Length <= 500 ? text : string.Concat(text.AsSpan(0, 500), "…");
    }

    private static bool Has(string text, string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase);
}
