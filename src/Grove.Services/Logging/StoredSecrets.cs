using Grove.Core.Errors;
using Grove.Data.Stores;

namespace Grove.Services.Logging;

/// <summary>At start-up, reads every stored credential once so the redactor masks it by value before anything logs it.</summary>
internal sealed class StoredSecrets(ICredentialStore credentials)
{
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        foreach (var name in await credentials.ListNamesAsync(cancellationToken))
        {
            try
            {
                // Decrypting goes through RememberingSecretProtector, which tells the redactor.
                await credentials.GetAsync(name, cancellationToken);
            }
            catch (GroveException)
            {
                // An unreadable secret (lost key ring) cannot be logged either.
            }
        }
    }
}
