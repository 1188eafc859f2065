using System.Security.Cryptography;
using System.Text;
using Grove.Core.Paths;
using Microsoft.AspNetCore.WebUtilities;

namespace Grove.Server.Security;

/// <summary>
/// The install's secret: 32 random bytes, base64url, in <c>&lt;data&gt;/server-token</c> (mode 0600).
/// The browser gets it once through the login URL (then a cookie); the CLI sends it as a Bearer token.
/// </summary>
public sealed class ServerToken
{
    public const string FileName = "server-token";

    private readonly byte[] _bytes;

    private ServerToken(string value)
    {
        Value = value;
        _bytes = Encoding.UTF8.GetBytes(value);
    }

    public string Value { get; }

    public static string PathIn(GrovePaths paths) => Path.Combine(paths.DataRoot, FileName);

    /// <summary>Reads the token file, creating it (0600, never readable by others) when absent or empty.</summary>
    public static ServerToken LoadOrCreate(GrovePaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        paths.EnsureCreated();
        var path = PathIn(paths);
        if (File.Exists(path))
        {
            Restrict(path);
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length >= 32)
            {
                return new ServerToken(existing);
            }

            File.Delete(path);
        }

        var value = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(value);
        }

        return new ServerToken(value);
    }

    /// <summary>Constant-time comparison (no early exit that would leak how much matched).</summary>
    public bool Matches(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(_bytes, Encoding.UTF8.GetBytes(candidate));
    }

    private static void Restrict(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
