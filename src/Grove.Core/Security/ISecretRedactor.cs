namespace Grove.Core.Security;

/// <summary>
/// The one redactor for everything Grove writes where people or services read it: log files (every
/// event, before any sink), raw agent logs, crash reports and analytics. It masks the shapes in
/// <see cref="SecretPatterns"/> and, by value, every secret Grove stores (credentials, sign-in
/// tokens: added as the secret store encrypts or decrypts them) and the values of secret-named
/// variables of Grove's own environment.
/// </summary>
public interface ISecretRedactor
{
    /// <summary><paramref name="text"/> with every known secret value and secret-shaped part replaced by <c>***</c>.</summary>
    string Redact(string text);

    /// <summary>Masks <paramref name="secret"/> by value from now on (values shorter than 6 characters are ignored).</summary>
    void AddSecret(string secret);
}
