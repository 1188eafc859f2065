using System.Net.Http.Json;
using Grove.Server.Tests.TestServices;

namespace Grove.Server.Tests;

/// <summary>The Data Protection key ring: in the data folder, user-only, and no alarming warning on first start.</summary>
public sealed class KeyRingTests
{
    [Fact]
    public async Task AFreshStart_KeepsTheKeyRingUserOnly_AndLogsNoEncryptorWarning()
    {
        await using var bed = await ServerBed.StartAsync();

        await bed.PostJsonAsync("api/secrets/anthropic.api_key", new { value = "sk-ant-key-ring" });
        using var login = await bed.Anonymous.GetAsync(bed.Server.LoginUrl, ServerBed.Ct);
        using var page = await bed.Client.GetAsync("/", ServerBed.Ct);

        var keys = bed.Paths.KeysDirectory;
        var files = Directory.GetFiles(keys, "*.xml");
        Assert.NotEmpty(files);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(keys));
            foreach (var file in files)
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
        }

        Assert.DoesNotContain(bed.Logs.Lines, line => line.Contains("encryptor", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(bed.Logs.Lines, line => line.Contains("XmlKeyManager", StringComparison.Ordinal));
        Assert.DoesNotContain(bed.Logs.Lines, line => line.Contains("DataProtection-Keys", StringComparison.Ordinal));
    }
}
