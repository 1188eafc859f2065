using System.Reflection;

namespace Grove.Core.Updates;

/// <summary>
/// Grove's own version (from git tags through MinVer, e.g. <c>0.1.0-alpha.0.123</c>) and the commit
/// it was built from, read from the <c>grove</c> assembly's informational version (<c>version+sha</c>).
/// </summary>
public sealed record GroveVersion(string Version, string? Commit)
{
    private const string HostAssemblyName = "grove";

    /// <summary>The running Grove's version: the <c>grove</c> entry assembly's, else this library's (tests).</summary>
    public static GroveVersion Current { get; } = Read();

    /// <summary>Splits an informational version <c>1.2.3-alpha.4+0123abcdef</c> into version and short commit.</summary>
    public static GroveVersion Parse(string informationalVersion)
    {
        ArgumentNullException.ThrowIfNull(informationalVersion);
        var plus = informationalVersion.IndexOf('+', StringComparison.Ordinal);
        if (plus < 0)
        {
            return new GroveVersion(informationalVersion, null);
        }

        var metadata = informationalVersion[(plus + 1)..];
        // MinVer's own build metadata may come first; the SDK appends the commit last.
        var commit = metadata.Split('.', '+').LastOrDefault(part => part.Length >= 7 && part.All(Uri.IsHexDigit));
        return new GroveVersion(informationalVersion[..plus], commit?[..7]);
    }

    /// <summary>The line <c>grove --version</c> prints: <c>grove 0.1.0 (commit abc1234)</c>.</summary>
    public override string ToString() => Commit is null ? $"grove {Version}" : $"grove {Version} (commit {Commit})";

    private static GroveVersion Read()
    {
        var entry = Assembly.GetEntryAssembly();
        var assembly = entry?.GetName().Name == HostAssemblyName ? entry : typeof(GroveVersion).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString(3)
            ?? "0.0.0";
        return Parse(informational);
    }
}
