namespace Grove.Integrations.Updates;

/// <summary>Fetches Grove's update manifest and downloads a release, verifying its SHA-512.</summary>
public interface IUpdateClient
{
    /// <summary>Fetches and parses the manifest (short timeout). Network failures are <c>GroveException</c> (Network/Timeout).</summary>
    Task<UpdateManifest> GetManifestAsync(Uri manifestUrl, CancellationToken cancellationToken = default);

    /// <summary>
    /// Downloads <paramref name="download"/> to <paramref name="destinationPath"/> (created new, flushed
    /// to disk) and checks its SHA-512; on a mismatch the file is deleted and a <c>GroveException</c>
    /// (SecurityViolation) is thrown.
    /// </summary>
    Task DownloadVerifiedAsync(UpdateDownload download, string destinationPath, CancellationToken cancellationToken = default);
}
