using System.Text;
using Grove.Core.Errors;
using Grove.Core.Security;

namespace Grove.Data.Tests.TestServices;

/// <summary>A reversible stand-in for Data Protection: "enc:" + base64 of the reversed UTF-8 bytes.</summary>
public sealed class TestSecretProtector : ISecretProtector
{
    private const string Prefix = "enc:";

    public int ProtectCalls { get; private set; }

    public string Protect(string plaintext)
    {
        ProtectCalls++;
        var bytes = Encoding.UTF8.GetBytes(plaintext);
        Array.Reverse(bytes);
        return Prefix + Convert.ToBase64String(bytes);
    }

    public string Unprotect(string ciphertext)
    {
        if (!ciphertext.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new GroveException(ErrorKind.Storage, "The secret could not be decrypted.");
        }

        var bytes = Convert.FromBase64String(ciphertext[Prefix.Length..]);
        Array.Reverse(bytes);
        return Encoding.UTF8.GetString(bytes);
    }
}
