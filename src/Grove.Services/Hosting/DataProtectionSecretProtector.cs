using System.Security.Cryptography;
using Grove.Core.Errors;
using Grove.Core.Paths;
using Grove.Core.Security;
using Microsoft.AspNetCore.DataProtection;

namespace Grove.Services.Hosting;

/// <summary>
/// Encrypts secrets with ASP.NET Core Data Protection; the key ring lives in
/// <c>&lt;data&gt;/keys</c> (folder mode 0700, key files 0600 on Unix).
/// </summary>
internal sealed class DataProtectionSecretProtector : ISecretProtector
{
    private const string Purpose = "Grove.Credentials.v1";
    private readonly IDataProtector _protector;
    private readonly string _keysDirectory;

    public DataProtectionSecretProtector(GrovePaths paths)
    {
        _keysDirectory = paths.KeysDirectory;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(_keysDirectory);
        }
        else
        {
            Directory.CreateDirectory(_keysDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        _protector = DataProtectionProvider
            .Create(new DirectoryInfo(_keysDirectory), builder => builder.SetApplicationName("Grove"))
            .CreateProtector(Purpose);
    }

    public string Protect(string plaintext)
    {
        var result = _protector.Protect(plaintext);
        TightenKeyFiles();
        return result;
    }

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

    private void TightenKeyFiles()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(_keysDirectory, "*.xml"))
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
