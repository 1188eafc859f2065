using System.Globalization;

namespace Grove.Core.Voice;

/// <summary>Where a transcription would go.</summary>
public enum VoiceSource
{
    /// <summary>No key, no local server and no paid account: voice is off (<see cref="VoiceStatus.HowToEnable"/> says why).</summary>
    None,

    /// <summary>OpenAI's transcription API, or an OpenAI-compatible server at <c>voice.base_url</c>.</summary>
    OpenAI,

    /// <summary>The signed-in account's backend (<c>/api/voice/transcribe</c>, paid plans).</summary>
    Backend,
}

/// <summary>
/// Which source voice input would use now and with what: <paramref name="KeySource"/> names where the
/// key was found (never the key), <paramref name="Endpoint"/> is the server the audio goes to.
/// </summary>
public sealed record VoiceStatus(VoiceSource Source, string? KeySource, string Model, string? Endpoint, string? HowToEnable)
{
    public bool Available => Source != VoiceSource.None;

    /// <summary>One line for a settings screen or <c>grove transcribe --status</c>.</summary>
    public string Describe() => Source switch
    {
        VoiceSource.OpenAI => $"OpenAI ({Model}) at {Endpoint}, key from {KeySource}",
        VoiceSource.Backend => $"Grove account backend at {Endpoint} (paid plan)",
        _ => HowToEnable ?? "Voice input is off.",
    };
}

/// <summary>What came back from a transcription, and which source made it.</summary>
public sealed record VoiceTranscript(string Text, VoiceSource Source);

/// <summary>The limits every face of voice input applies.</summary>
public static class VoiceLimits
{
    /// <summary>25 MB: OpenAI's limit for one file; larger audio is refused before any upload.</summary>
    public const long MaxAudioBytes = 25L * 1024 * 1024;

    /// <summary>How long one transcription may take by default.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The refusal for audio over <see cref="MaxAudioBytes"/>.</summary>
    public static string TooLarge(long bytes) =>
        string.Create(CultureInfo.InvariantCulture, $"The recording is {bytes / (1024.0 * 1024.0):0.0} MB; voice input takes at most 25 MB. Record a shorter clip.");
}
