using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Grove.Testing.FakeUpdates;

/// <summary>
/// A fake release server on 127.0.0.1 (real Kestrel, random port): serves an update manifest at
/// <see cref="ManifestUrl"/> and the builds it names under <c>/downloads/</c>, the way
/// <c>scripts/release.sh</c> lays them out. Every request path is recorded (<see cref="Requests"/>).
/// </summary>
public sealed class FakeUpdateServer : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<string> _requests = [];
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private string? _manifest;
    private LoopbackHost? _host;

    private FakeUpdateServer()
    {
    }

    public Uri BaseUrl { get; private set; } = null!;

    public Uri ManifestUrl => new(BaseUrl, "manifest.json");

    /// <summary>Paths requested so far, in order (<c>/manifest.json</c>, <c>/downloads/…</c>).</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public int ManifestRequests => Requests.Count(r => r == "/manifest.json");

    public static async Task<FakeUpdateServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new FakeUpdateServer();
        server._host = await LoopbackHost.StartAsync(server.HandleAsync, cancellationToken);
        server.BaseUrl = server._host.BaseUrl;
        return server;
    }

    /// <summary>
    /// Publishes <paramref name="version"/>: each build (platform → bytes) is served and named in the
    /// manifest with its SHA-512, unless <paramref name="claimedHashes"/> gives a platform another one.
    /// A platform in <paramref name="archives"/> also gets its release archive (served under
    /// <c>/downloads/…/grove.tar.gz</c>), with the SHA-512 <paramref name="claimedArchiveHashes"/> may
    /// replace; <paramref name="missingArchives"/> names platforms whose archive URL answers 404.
    /// </summary>
    public void Publish(
        string version,
        string? notes,
        IReadOnlyDictionary<string, byte[]> builds,
        IReadOnlyDictionary<string, string>? claimedHashes = null,
        IReadOnlyDictionary<string, byte[]>? archives = null,
        IReadOnlyDictionary<string, string>? claimedArchiveHashes = null,
        IReadOnlyCollection<string>? missingArchives = null)
    {
        ArgumentNullException.ThrowIfNull(builds);
        var platforms = new Dictionary<string, object>(StringComparer.Ordinal);
        lock (_lock)
        {
            foreach (var (platform, bytes) in builds)
            {
                var path = $"/downloads/{version}/{platform}/grove";
                _files[path] = bytes;
                var hash = claimedHashes?.GetValueOrDefault(platform) ?? Sha512(bytes);
                object? archive = null;
                if (archives?.GetValueOrDefault(platform) is { } packed)
                {
                    var archivePath = $"/downloads/{version}/{platform}/grove.tar.gz";
                    if (missingArchives?.Contains(platform) != true)
                    {
                        _files[archivePath] = packed;
                    }

                    archive = new { url = new Uri(BaseUrl, archivePath.TrimStart('/')).ToString(), sha512 = claimedArchiveHashes?.GetValueOrDefault(platform) ?? Sha512(packed) };
                }

                platforms[platform] = archive is null
                    ? new { url = new Uri(BaseUrl, path.TrimStart('/')).ToString(), sha512 = hash }
                    : new { url = new Uri(BaseUrl, path.TrimStart('/')).ToString(), sha512 = hash, archive };
            }

            _manifest = JsonSerializer.Serialize(new { version, notes, date = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), platforms });
        }
    }

    /// <summary>Serves a folder of real release files (what <c>scripts/release.sh</c> wrote) under <c>/release/</c>.</summary>
    public void ServeFolder(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        lock (_lock)
        {
            foreach (var file in Directory.GetFiles(folder))
            {
                _files["/release/" + Path.GetFileName(file)] = File.ReadAllBytes(file);
            }
        }
    }

    /// <summary>Serves <paramref name="json"/> as the manifest as it is.</summary>
    public void SetManifest(string json)
    {
        lock (_lock)
        {
            _manifest = json;
        }
    }

    public static string Sha512(byte[] bytes) => Convert.ToHexStringLower(SHA512.HashData(bytes));

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        string? manifest;
        byte[]? file;
        lock (_lock)
        {
            _requests.Add(path);
            manifest = _manifest;
            file = _files.GetValueOrDefault(path);
        }

        if (path == "/manifest.json" && manifest is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(manifest, context.RequestAborted);
            return;
        }

        if (file is not null)
        {
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = file.Length;
            await context.Response.Body.WriteAsync(file, context.RequestAborted);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
    }
}
