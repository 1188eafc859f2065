using System.ClientModel;
using System.ClientModel.Primitives;
using Grove.Core.Errors;
using OpenAI;
using OpenAI.Audio;

namespace Grove.Integrations.Voice;

/// <summary>
/// <see cref="IOpenAITranscriber"/> over the official OpenAI client's <see cref="AudioClient"/>: no
/// retries (a 429 is reported, not hammered), the timeout as both the network timeout and a deadline.
/// </summary>
internal sealed class OpenAITranscriber : IOpenAITranscriber
{
    public async Task<string> TranscribeAsync(VoiceAudio audio, OpenAIVoiceTarget target, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(target);
        VoiceAudio.EnsureSize(audio.Data.LongLength);
        var service = VoiceErrors.Name(target.Endpoint);
        var options = new OpenAIClientOptions
        {
            Endpoint = target.Endpoint,
            NetworkTimeout = timeout,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            UserAgentApplicationId = "grove",
        };
        var client = new AudioClient(target.Model, new ApiKeyCredential(target.ApiKey), options);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var stream = new MemoryStream(audio.Data, writable: false);
            var result = await client.TranscribeAudioAsync(stream, audio.FileName, new AudioTranscriptionOptions(), deadline.Token);
            return result.Value.Text?.Trim() ?? "";
        }
        catch (ClientResultException ex) when (ex.Status > 0)
        {
            throw VoiceErrors.Status(
                ex.Status,
                service,
                $"the API key from {target.KeySource}",
                "set a valid one with 'grove secret set openai.api_key' (or GROVE_OPENAI_API_KEY / OPENAI_API_KEY).",
                ServerMessage.Of(ex.GetRawResponse()?.Content?.ToString()),
                target.ApiKey);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw VoiceErrors.Timeout(service, timeout);
        }
        catch (ClientResultException ex) when (ex.InnerException is TimeoutException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw VoiceErrors.Timeout(service, timeout);
        }
        catch (ClientResultException ex)
        {
            throw VoiceErrors.Network(service, ex.InnerException ?? ex, target.ApiKey);
        }
        catch (HttpRequestException ex)
        {
            throw VoiceErrors.Network(service, ex, target.ApiKey);
        }
        catch (Exception ex) when (ex is not GroveException and not OperationCanceledException and (TimeoutException or IOException))
        {
            throw VoiceErrors.Network(service, ex, target.ApiKey);
        }
    }
}
