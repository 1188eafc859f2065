namespace Grove.Integrations.Voice;

/// <summary>
/// An OpenAI-compatible transcription server: <paramref name="Endpoint"/> ends in <c>/v1</c>;
/// <paramref name="KeySource"/> names where the key came from (for messages; the key is never shown).
/// </summary>
public sealed record OpenAIVoiceTarget(Uri Endpoint, string ApiKey, string KeySource, string Model)
{
    /// <summary>OpenAI's own API.</summary>
    public static readonly Uri DefaultEndpoint = new("https://api.openai.com/v1");

    public override string ToString() => $"{Endpoint} ({Model}, key from {KeySource})";

    /// <summary>
    /// <paramref name="baseUrl"/> as the client's endpoint: <c>/v1</c> added unless the path already
    /// ends with it (the client appends <c>audio/transcriptions</c>).
    /// </summary>
    public static Uri EndpointFor(string? baseUrl)
    {
        if (string.IsNullOrWhiteSpace(baseUrl))
        {
            return DefaultEndpoint;
        }

        var uri = new Uri(baseUrl.Trim(), UriKind.Absolute);
        var path = uri.AbsolutePath.TrimEnd('/');
        return path.EndsWith("/v1", StringComparison.Ordinal)
            ? new Uri(uri.GetLeftPart(UriPartial.Authority) + path)
            : new Uri(uri.GetLeftPart(UriPartial.Authority) + path + "/v1");
    }
}

/// <summary>The signed-in account's backend and its bearer token (never shown).</summary>
public sealed record BackendVoiceTarget(Uri ApiUrl, string AccessToken)
{
    public override string ToString() => ApiUrl.ToString();

    /// <summary><c>{api}/api/voice/transcribe</c>.</summary>
    public Uri TranscribeUrl => new(new Uri(ApiUrl.ToString().TrimEnd('/') + "/"), "api/voice/transcribe");
}

/// <summary>Sends audio to OpenAI (or an OpenAI-compatible server) through the official OpenAI client.</summary>
public interface IOpenAITranscriber
{
    /// <summary>The text of <paramref name="audio"/>; a <c>GroveException</c> (one line, no key) for 401, 429, network errors and the timeout.</summary>
    Task<string> TranscribeAsync(VoiceAudio audio, OpenAIVoiceTarget target, TimeSpan timeout, CancellationToken cancellationToken = default);
}

/// <summary>Sends audio to the account backend's <c>POST /api/voice/transcribe</c> (multipart, bearer token).</summary>
public interface IBackendTranscriber
{
    Task<string> TranscribeAsync(VoiceAudio audio, BackendVoiceTarget target, TimeSpan timeout, CancellationToken cancellationToken = default);
}
