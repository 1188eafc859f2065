using System.Security.Cryptography;

namespace Grove.Core.Domain;

/// <summary>Short, URL-safe, random ids with a readable prefix ("prj_", "ws_", "tab_").</summary>
public static class Ids
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    public static string NewProjectId() => New("prj");

    public static string NewWorkspaceId() => New("ws");

    public static string NewTabId() => New("tab");

    public static string New(string prefix)
    {
        Span<byte> bytes = stackalloc byte[10];
        RandomNumberGenerator.Fill(bytes);
        Span<char> chars = stackalloc char[10];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i] = Alphabet[bytes[i] % Alphabet.Length];
        }

        return string.Concat(prefix, "_", new string(chars));
    }
}
