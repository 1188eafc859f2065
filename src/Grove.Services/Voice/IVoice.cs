using Grove.Core.Voice;

namespace Grove.Services.Voice;

/// <summary>
/// Voice input: audio in, text out. The source, first found wins: OpenAI (or the OpenAI-compatible
/// server at <c>voice.base_url</c>) with a key from Grove's secret <c>openai.api_key</c>, then
/// <c>GROVE_OPENAI_API_KEY</c>, then <c>OPENAI_API_KEY</c> in Grove's environment, then
/// <c>OPENAI_API_KEY</c> in the user's login shell; with no key, the signed-in account's backend
/// when its plan is paid; otherwise a <c>GroveException</c> (<c>Unsupported</c>) saying how to
/// enable voice. Audio over 25 MB is refused before anything is sent; nothing is written to disk.
/// </summary>
public interface IVoice
{
    /// <summary>Which source a transcription would use now (never the key itself).</summary>
    Task<VoiceStatus> StatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Transcribes <paramref name="audio"/> (read into memory, at most 25 MB) of <paramref name="mediaType"/> (e.g. <c>audio/webm</c>).</summary>
    Task<VoiceTranscript> TranscribeAsync(Stream audio, string? mediaType, string? fileName = null, CancellationToken cancellationToken = default);

    /// <summary>Transcribes audio already in memory.</summary>
    Task<VoiceTranscript> TranscribeAsync(byte[] audio, string? mediaType, string? fileName = null, CancellationToken cancellationToken = default);

    /// <summary>Transcribes an audio file (its size checked before it is read; the format from its extension).</summary>
    Task<VoiceTranscript> TranscribeFileAsync(string path, CancellationToken cancellationToken = default);
}

/// <summary>Limits of voice input (tests shorten them).</summary>
public sealed class VoiceOptions
{
    /// <summary>How long one transcription may take (default 30 s).</summary>
    public TimeSpan Timeout { get; init; } = VoiceLimits.DefaultTimeout;

    /// <summary>How long reading <c>OPENAI_API_KEY</c> from the login shell may take (default 3 s).</summary>
    public TimeSpan ShellTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long the login shell's answer (found or not) is kept (default 5 min).</summary>
    public TimeSpan ShellCacheFor { get; init; } = TimeSpan.FromMinutes(5);
}
