using System.Text.RegularExpressions;

namespace Grove.Git.Running;

/// <summary>Removes credentials embedded in URLs (<c>https://user:token@host</c>) from text that is logged or shown.</summary>
internal static partial class SecretRedactor
{
    public const string Mask = "***";

    /// <summary>
    /// http(s) user info is always a credential (a bare token is often sent as the user name);
    /// for other schemes (ssh://git@host) only a password part is masked.
    /// </summary>
    public static string Redact(string text)
    {
        if (string.IsNullOrEmpty(text) || !text.Contains('@'))
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

    public static IReadOnlyList<string> Redact(IReadOnlyList<string> arguments) =>
        arguments.Select(Redact).ToList();

    [GeneratedRegex(@"(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://(?<user>[^/@\s]+)@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();
}
