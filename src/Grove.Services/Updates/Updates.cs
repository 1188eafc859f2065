using Grove.Core.Errors;
using Grove.Core.Paths;
using Grove.Core.Updates;
using Grove.Integrations.Updates;
using Grove.Services.Settings;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Updates;

/// <summary><see cref="IUpdates"/>: the manifest at <c>updates.url</c>, checked at most once a minute.</summary>
internal sealed class Updates(
    ISettingsService settings,
    IUpdateClient client,
    TimeProvider time,
    GrovePaths paths,
    GroveVersion version,
    InstallLocation install,
    ILogger<Updates> logger) : IUpdates, IDisposable
{
    /// <summary>Checks closer together than this return the last result without a request.</summary>
    public static readonly TimeSpan Cooldown = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset? _lastCheck;
    private UpdateStatus? _latest = Cached(paths, version);

    public event Action? Changed;

    public UpdateStatus? Latest => _latest;

    public InstallKind InstallKind => install.Kind;

    public async Task<UpdateStatus?> CheckAsync(CancellationToken cancellationToken = default)
    {
        var url = await ManifestUrlAsync(cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (url is null)
            {
                Forget();
                return null;
            }

            var now = time.GetUtcNow();
            if (_lastCheck is { } last && now - last < Cooldown)
            {
                return _latest;
            }

            _lastCheck = now;
            try
            {
                Remember(await client.GetManifestAsync(url, cancellationToken));
            }
            catch (GroveException ex)
            {
                logger.LogWarning("Update check failed: {Message}", ex.Message);
            }

            return _latest;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<UpdateOutcome> UpdateAsync(CancellationToken cancellationToken = default)
    {
        var url = await ManifestUrlAsync(cancellationToken)
            ?? throw new GroveException(ErrorKind.Unsupported, $"No update source is set: set '{SettingKeys.UpdatesUrl}' (grove config set {SettingKeys.UpdatesUrl} URL).");
        var manifest = await client.GetManifestAsync(url, cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _lastCheck = time.GetUtcNow();
            Remember(manifest);
        }
        finally
        {
            _gate.Release();
        }

        if (ReleaseVersion.Compare(manifest.Version, version.Version) <= 0)
        {
            return new UpdateOutcome(install.Kind, false, $"Grove {version.Version} is up to date (newest: {manifest.Version}).");
        }

        return install.Kind switch
        {
            InstallKind.SingleFile => await SwapAsync(manifest, cancellationToken),
            InstallKind.Tool => await ToolCommandAsync(manifest, cancellationToken),
            _ => new UpdateOutcome(InstallKind.Source, false,
                $"Grove {manifest.Version} is available. This Grove runs from source ({install.Directory}): update the clone with `git pull` and run it again.",
                "git pull"),
        };
    }

    private async Task<UpdateOutcome> SwapAsync(UpdateManifest manifest, CancellationToken cancellationToken)
    {
        if (!manifest.Platforms.TryGetValue(install.Platform, out var download))
        {
            throw new GroveException(ErrorKind.Unsupported, $"Grove {manifest.Version} has no build for {install.Platform}.");
        }

        var target = install.ExecutablePath ?? throw new GroveException(ErrorKind.Unsupported, "The running Grove's file is unknown.");
        if (download.Archive is { } archive)
        {
            // The whole build (the file and the UI's wwwroot beside it), so the assets never go stale.
            using var swap = InstallFolderSwap.Begin(install.Directory);
            var staged = swap.ArchivePath(archive.Url);
            await client.DownloadVerifiedAsync(archive, staged, cancellationToken);
            await swap.ReplaceAsync(staged, Path.GetFileName(target), cancellationToken);
            logger.LogInformation("Updated Grove {Old} to {New} in {Folder}", version.Version, manifest.Version, install.Directory);
            return new UpdateOutcome(InstallKind.SingleFile, true,
                $"Updated Grove {version.Version} to {manifest.Version} in {install.Directory} (SHA-512 verified; it runs). Restart Grove to use it.");
        }

        // A manifest without archives (older release scripts): only the file can be swapped.
        var single = target + ".new";
        File.Delete(single);
        await client.DownloadVerifiedAsync(download, single, cancellationToken);
        BinarySwap.Replace(target, single);
        logger.LogInformation("Updated Grove {Old} to {New} at {Path}", version.Version, manifest.Version, target);
        return new UpdateOutcome(InstallKind.SingleFile, true,
            $"Updated Grove {version.Version} to {manifest.Version} (SHA-512 verified). Restart Grove to use it.");
    }

    private async Task<UpdateOutcome> ToolCommandAsync(UpdateManifest manifest, CancellationToken cancellationToken)
    {
        var where = install.GlobalTool || install.ToolPath is null ? "-g" : $"--tool-path \"{install.ToolPath}\"";
        if (!manifest.Platforms.TryGetValue(UpdateManifest.ToolPlatform, out var package))
        {
            var bare = $"dotnet tool update {where} grove --version {manifest.Version} --add-source <folder with grove.{manifest.Version}.nupkg>";
            return new UpdateOutcome(InstallKind.Tool, false, $"Grove {manifest.Version} is available. It was installed as a .NET tool: update it with", bare);
        }

        // The package is fetched and verified here, so the command installs exactly what the manifest names.
        var folder = Path.Combine(paths.DataRoot, "updates", manifest.Version);
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"grove.{manifest.Version}.nupkg");
        File.Delete(file);
        await client.DownloadVerifiedAsync(package, file, cancellationToken);
        var command = $"dotnet tool update {where} grove --version {manifest.Version} --add-source \"{folder}\"";
        return new UpdateOutcome(InstallKind.Tool, false,
            $"Grove {manifest.Version} is available and its package was downloaded and verified. It was installed as a .NET tool: update it with", command);
    }

    private async Task<Uri?> ManifestUrlAsync(CancellationToken cancellationToken)
    {
        var value = (await settings.GetAsync(SettingKeys.UpdatesUrl, cancellationToken)).Value;
        return string.IsNullOrWhiteSpace(value) ? null : new Uri(value, UriKind.Absolute);
    }

    private void Remember(UpdateManifest manifest)
    {
        var status = new UpdateStatus(version.Version, manifest.Version, manifest.Notes, manifest.Date, time.GetUtcNow());
        var changed = _latest is null || _latest.LatestVersion != status.LatestVersion || _latest.Notes != status.Notes;
        _latest = status;
        try
        {
            UpdateCache.Write(paths, status);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not cache the update check: {Message}", ex.Message);
        }

        if (changed)
        {
            Changed?.Invoke();
        }
    }

    private void Forget()
    {
        if (_latest is null)
        {
            return;
        }

        _latest = null;
        UpdateCache.Clear(paths);
        Changed?.Invoke();
    }

    public void Dispose() => _gate.Dispose();

    private static UpdateStatus? Cached(GrovePaths paths, GroveVersion version) =>
        UpdateCache.Read(paths) is { } cached && cached.CurrentVersion == version.Version ? cached : null;
}
