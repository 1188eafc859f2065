using System.Net.Http.Headers;
using System.Text.Json;
using Grove.Core.Errors;
using Grove.Core.Net;

namespace Grove.Integrations.Voice;

/// <summary>
/// <see cref="IBackendTranscriber"/>: <c>POST {api}/api/voice/transcribe</c> with the audio as the
/// multipart field <c>file</c> and the account's bearer token; the answer is <c>{"text": "…"}</c>.
/// </summary>
internal sealed class BackendTranscriber : IBackendTranscriber, IDisposable
{
    private const string Service = "the Grove account backend";

    private readonly FirstUseHttpClient _http = new(() => new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        });

    public async Task<string> TranscribeAsync(VoiceAudio audio, BackendVoiceTarget target, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(target);
        VoiceAudio.EnsureSize(audio.Data.LongLength);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var file = new ByteArrayContent(audio.Data);
        file.Headers.ContentType = new MediaTypeHeaderValue(audio.MediaType);
        using var form = new MultipartFormDataContent { { file, "file", audio.FileName } };
        using var request = new HttpRequestMessage(HttpMethod.Post, target.TranscribeUrl) { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", target.AccessToken);
        try
        {
            using var response = await _http.Value.SendAsync(request, deadline.Token);
            var body = await response.Content.ReadAsStringAsync(deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw VoiceErrors.Status(
                    (int)response.StatusCode,
                    Service,
                    "the account's sign-in",
                    "sign in again with 'grove account login'.",
                    ServerMessage.Of(body),
                    target.AccessToken);
            }

            return TextOf(body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw VoiceErrors.Timeout(Service, timeout);
        }
        catch (HttpRequestException ex)
        {
            throw VoiceErrors.Network($"{Service} at {target.ApiUrl.GetLeftPart(UriPartial.Authority)}", ex, target.AccessToken);
        }
    }

    private static string TextOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
            {
                return text.GetString()!.Trim();
            }
        }
        catch (JsonException)
        {
        }

        throw new GroveException(ErrorKind.Unexpected, "The Grove account backend answered the transcription without a \"text\" field.");
    }

    public void Dispose() => _http.Dispose();
}
