namespace Grove.Core.Security;

/// <summary>Encrypts secrets at rest. The server uses ASP.NET Core Data Protection with a key ring in the data folder.</summary>
public interface ISecretProtector
{
    string Protect(string plaintext);

    /// <summary>Decrypts; throws <see cref="Errors.GroveException"/> (Storage) when the ciphertext cannot be read.</summary>
    string Unprotect(string ciphertext);
}
