using System.Text.RegularExpressions;

namespace Grove.Core.Security;

/// <summary>
/// The one list of secret shapes Grove masks in text it logs or shows: provider API keys
/// (<c>sk-…</c>, <c>sk-ant-…</c>), GitHub and Slack tokens, <c>Bearer …</c>, the values of
/// <c>Authorization</c>/<c>Cookie</c>/<c>Set-Cookie</c> headers, token-like query values
/// (<c>token=</c>, <c>access_token=</c>, <c>code=</c>…) and credentials in URLs
/// (<c>https://user:token@host</c>). Secrets known by value are masked by <see cref="ISecretRedactor"/>,
/// which applies these shapes too.
/// </summary>
public static partial class SecretPatterns
{
    public const string Mask = "***";

    /// <summary><paramref name="text"/> with every secret-shaped part replaced by <see cref="Mask"/>.</summary>
    public static string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        text = ApiKey().Replace(text, Mask);
        text = HeaderValue().Replace(text, m => $"{m.Groups["name"].Value}{m.Groups["sep"].Value}{Mask}");
        text = JsonHeaderValue().Replace(text, m => $"{m.Groups["head"].Value}{Mask}\"");
        text = BearerToken().Replace(text, m => $"{m.Groups["scheme"].Value} {Mask}");
        text = QueryValue().Replace(text, m => $"{m.Groups["name"].Value}={Mask}");
        return text.Contains('@', StringComparison.Ordinal) ? RedactUrlUserInfo(text) : text;
    }

    /// <summary>
    /// Credentials in URLs: http(s) user info is always a credential (a bare token is often sent as
    /// the user name); for other schemes (ssh://git@host) only a password part is masked.
    /// </summary>
    public static string RedactUrlUserInfo(string text)
    {
        if (string.IsNullOrEmpty(text) || !text.Contains('@', StringComparison.Ordinal))
        {
            return text;
        }

        return UserInfo().Replace(text, match =>
        {
            var scheme = match.Groups["scheme"].Value;
            var user = match.Groups["user"].Value;
            if (scheme.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            {
                return $"{scheme}://{Mask}@";
            }

            var colon = user.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? match.Value : $"{scheme}://{user[..colon]}:{Mask}@";
        });
    }

    // sk-ant-… (Anthropic), sk-… / sk-proj-… (OpenAI and look-alikes), GitHub (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_), Slack (xoxb-, xoxp-…).
    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:sk-ant-[A-Za-z0-9_\-]{8,}|sk-[A-Za-z0-9_\-]{16,}|gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{16,}|xox[abposr]-[A-Za-z0-9\-]{8,})", RegexOptions.CultureInvariant)]
    private static partial Regex ApiKey();

    // "Authorization: Bearer x", "cookie=a=b; c=d", "Set-Cookie: …" up to the end of the line.
    [GeneratedRegex(@"(?<name>\b(?:Proxy-Authorization|Authorization|Set-Cookie|Cookie|X-Api-Key|Api-Key)\b)(?<sep>""?\s*[:=]\s*)(?![\s""]|\*\*\*)[^\r\n]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex HeaderValue();

    // The same headers as JSON properties: "authorization": "…".
    [GeneratedRegex(@"(?<head>""(?:Proxy-Authorization|Authorization|Set-Cookie|Cookie|X-Api-Key|Api-Key)""\s*:\s*"")(?:[^""\\]|\\.)*""", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex JsonHeaderValue();

    [GeneratedRegex(@"(?<scheme>\bBearer)\s+(?!\*\*\*)[A-Za-z0-9\-._~+/]{8,}=*", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex BearerToken();

    // token=, access_token=, refresh_token=, id_token=, client_secret=, api_key=, password=, and code= after ? or &.
    [GeneratedRegex(@"(?:(?<![A-Za-z0-9_\-])(?<name>(?:access_|refresh_|id_|auth_)?token|client_secret|api_key|apikey|password|secret)|(?<=[?&])(?<name>code|key|sig|signature))=(?!\*\*\*)[^&\s#""'<>;,]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex QueryValue();

    [GeneratedRegex(@"(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://(?<user>[^/@\s]+)@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();
}
