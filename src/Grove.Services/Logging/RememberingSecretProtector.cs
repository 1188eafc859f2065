using System.Text.Json;
using Grove.Core.Security;

namespace Grove.Services.Logging;

/// <summary>
/// Every secret Grove stores passes through the protector (encrypted on save, decrypted on use):
/// this wrapper tells the <see cref="ISecretRedactor"/> each plaintext, so stored secrets are masked
/// by value from the moment they are saved or read. A JSON record (an MCP sign-in) adds the values of
/// its token and secret fields.
/// </summary>
internal sealed class RememberingSecretProtector(ISecretProtector inner, ISecretRedactor redactor) : ISecretProtector
{
    public string Protect(string plaintext)
    {
        Remember(plaintext);
        return inner.Protect(plaintext);
    }

    public string Unprotect(string ciphertext)
    {
        var plaintext = inner.Unprotect(ciphertext);
        Remember(plaintext);
        return plaintext;
    }

    private void Remember(string plaintext)
    {
        if (!plaintext.StartsWith('{'))
        {
            redactor.AddSecret(plaintext);
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(plaintext);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String
                    && (property.Name.Contains("token", StringComparison.OrdinalIgnoreCase) || property.Name.Contains("secret", StringComparison.OrdinalIgnoreCase)))
                {
                    redactor.AddSecret(property.Value.GetString()!);
                }
            }
        }
        catch (JsonException)
        {
            redactor.AddSecret(plaintext);
        }
    }
}
