using System.Collections.Immutable;
using Grove.Core.Security;

namespace Grove.Services.Logging;

/// <summary>
/// Masks known secret values (longest first, so a secret that contains another is masked whole) and
/// then the shapes of <see cref="SecretPatterns"/>. Values are added as the secret store sees them.
/// </summary>
internal sealed class SecretRedactor : ISecretRedactor
{
    public const int MinimumLength = 6;

    private readonly Lock _lock = new();
    private ImmutableArray<string> _secrets = [];

    public SecretRedactor(IEnumerable<string>? initial = null)
    {
        foreach (var secret in initial ?? [])
        {
            AddSecret(secret);
        }
    }

    /// <summary>A redactor that already knows the values of the secret-named variables of <paramref name="environment"/>.</summary>
    public static SecretRedactor ForEnvironment(IReadOnlyDictionary<string, string> environment) =>
        new(environment.Where(e => ChildEnvironment.IsSecretName(e.Key)).Select(e => e.Value));

    public void AddSecret(string secret)
    {
        var value = secret?.Trim();
        if (value is null || value.Length < MinimumLength)
        {
            return;
        }

        lock (_lock)
        {
            if (!_secrets.Contains(value, StringComparer.Ordinal))
            {
                _secrets = [.. _secrets.Add(value).OrderByDescending(s => s.Length)];
            }
        }
    }

    public string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in _secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, SecretPatterns.Mask, StringComparison.Ordinal);
            }
        }

        return SecretPatterns.Redact(text);
    }
}
