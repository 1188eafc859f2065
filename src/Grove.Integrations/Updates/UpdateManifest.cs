using System.Text.Json;
using System.Text.Json.Serialization;
using Grove.Core.Errors;
using Grove.Core.Updates;

namespace Grove.Integrations.Updates;

/// <summary>
/// One platform's download in the update manifest: where to get it and its SHA-512 (hex); for a
/// single-file platform also the whole build as an <see cref="Archive"/> (the file and the UI's
/// wwwroot beside it: <c>.tar.gz</c>, or <c>.zip</c> on Windows), which <c>grove update</c> installs.
/// </summary>
public sealed record UpdateDownload(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("sha512")] string Sha512,
    [property: JsonPropertyName("archive")] UpdateDownload? Archive = null);

/// <summary>
/// The update manifest <c>scripts/release.sh</c> writes: the newest version, its notes and date, and per
/// platform (<c>linux-x64</c>, <c>osx-arm64</c>, <c>win-x64</c>, …, and <c>tool</c> for the .NET tool
/// package) a download with its SHA-512 (single-file platforms also with their archive).
/// </summary>
public sealed record UpdateManifest(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("notes")] string? Notes,
    [property: JsonPropertyName("date")] DateTimeOffset? Date,
    [property: JsonPropertyName("platforms")] IReadOnlyDictionary<string, UpdateDownload> Platforms)
{
    /// <summary>The key of the .NET tool package (<c>.nupkg</c>) among <see cref="Platforms"/>.</summary>
    public const string ToolPlatform = "tool";

    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Reads and checks a manifest; a bad one is a one-line <see cref="GroveException"/>.</summary>
    public static UpdateManifest Parse(string json)
    {
        UpdateManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<UpdateManifest>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new GroveException(ErrorKind.InvalidInput, $"The update manifest is not valid JSON: {ex.Message}", ex);
        }

        if (manifest is null || !ReleaseVersion.IsValid(manifest.Version))
        {
            throw new GroveException(ErrorKind.InvalidInput, "The update manifest has no valid 'version'.");
        }

        var platforms = manifest.Platforms ?? new Dictionary<string, UpdateDownload>();
        foreach (var (name, download) in platforms)
        {
            Check($"'{name}' download", download);
            if (download.Archive is { } archive)
            {
                Check($"'{name}' archive", archive);
            }
        }

        return manifest with { Platforms = platforms };
    }

    private static void Check(string what, UpdateDownload? download)
    {
        if (download is null || !Uri.TryCreate(download.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new GroveException(ErrorKind.InvalidInput, $"The update manifest's {what} has no http(s) URL.");
        }

        if (download.Sha512 is not { Length: 128 } hash || !hash.All(Uri.IsHexDigit))
        {
            throw new GroveException(ErrorKind.InvalidInput, $"The update manifest's {what} has no SHA-512 (128 hex digits).");
        }
    }
}
