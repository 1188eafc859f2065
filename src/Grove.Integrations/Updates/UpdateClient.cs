using System.Net;
using System.Security.Cryptography;
using Grove.Core.Errors;
using Grove.Core.Net;

namespace Grove.Integrations.Updates;

/// <summary><see cref="IUpdateClient"/> over one <see cref="HttpClient"/>: 10 s for the manifest, 10 min for a download.</summary>
internal sealed class UpdateClient : IUpdateClient, IDisposable
{
    private static readonly TimeSpan ManifestTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DownloadTimeout = TimeSpan.FromMinutes(10);
    private const long MaxManifestBytes = 1024 * 1024;

    private readonly FirstUseHttpClient _http = new(() => new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestHeaders = { { "User-Agent", "Grove" } },
        });

    public async Task<UpdateManifest> GetManifestAsync(Uri manifestUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifestUrl);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ManifestTimeout);
        var text = await SendAsync(manifestUrl, timeout, cancellationToken, async response =>
        {
            if (response.Content.Headers.ContentLength > MaxManifestBytes)
            {
                throw new GroveException(ErrorKind.InvalidInput, "The update manifest is too large.");
            }

            return await response.Content.ReadAsStringAsync(timeout.Token);
        });
        return UpdateManifest.Parse(text);
    }

    public async Task DownloadVerifiedAsync(UpdateDownload download, string destinationPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(download);
        ArgumentException.ThrowIfNullOrEmpty(destinationPath);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DownloadTimeout);
        var verified = false;
        try
        {
            var actual = await SendAsync(new Uri(download.Url), timeout, cancellationToken, async response =>
            {
                await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
                await using var file = new FileStream(destinationPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
                var buffer = new byte[81920];
                int read;
                while ((read = await body.ReadAsync(buffer, timeout.Token)) > 0)
                {
                    sha.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), timeout.Token);
                }

                file.Flush(flushToDisk: true);
                return Convert.ToHexStringLower(sha.GetHashAndReset());
            });
            if (!string.Equals(actual, download.Sha512, StringComparison.OrdinalIgnoreCase))
            {
                throw new GroveException(ErrorKind.SecurityViolation, $"The download's SHA-512 does not match the manifest ({download.Url}); nothing was replaced.");
            }

            verified = true;
        }
        finally
        {
            if (!verified)
            {
                File.Delete(destinationPath);
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<T> SendAsync<T>(Uri url, CancellationTokenSource timeout, CancellationToken cancellationToken, Func<HttpResponseMessage, Task<T>> read)
    {
        try
        {
            using var response = await _http.Value.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new GroveException(ErrorKind.Network, $"{url.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            return await read(response);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GroveException(ErrorKind.Timeout, $"{url.GetLeftPart(UriPartial.Path)} did not answer in time.", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new GroveException(ErrorKind.Network, $"{url.GetLeftPart(UriPartial.Path)} could not be reached: {ex.Message}", ex);
        }
    }
}
