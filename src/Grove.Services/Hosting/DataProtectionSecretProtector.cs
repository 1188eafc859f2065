using System.Security.Cryptography;
using Grove.Core.Errors;
using Grove.Core.Security;
using Microsoft.AspNetCore.DataProtection;

namespace Grove.Services.Hosting;

/// <summary>
/// Encrypts secrets with ASP.NET Core Data Protection; the key ring lives in
/// <c>&lt;data&gt;/keys</c> (folder mode 0700, key files 0600 on Unix: <see cref="UserOnlyKeyRepository"/>).
/// </summary>
internal sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    private const string Purpose = "Grove.Credentials.v1";
    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Protect(string plaintext) => _protector.Protect(plaintext);

    public string Unprotect(string ciphertext)
    {
        try
        {
            return _protector.Unprotect(ciphertext);
        }
        catch (CryptographicException ex)
        {
            throw new GroveException(ErrorKind.Storage, "A stored secret could not be decrypted (was the key ring in the data folder removed?).", ex);
        }
    }
}
