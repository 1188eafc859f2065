using System.Security.Cryptography;
using System.Text;

namespace Grove.Integrations.Mcp.OAuth;

/// <summary>PKCE (RFC 7636) with S256, and the random <c>state</c> of an authorization request.</summary>
public static class McpOAuthPkce
{
    /// <summary>A fresh code verifier: 32 random bytes, base64url (43 characters).</summary>
    public static string NewVerifier() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>A fresh state value: 24 random bytes, base64url.</summary>
    public static string NewState() => Base64Url(RandomNumberGenerator.GetBytes(24));

    /// <summary>The S256 challenge of a verifier: base64url(SHA-256(ASCII(verifier))).</summary>
    public static string Challenge(string verifier) => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
