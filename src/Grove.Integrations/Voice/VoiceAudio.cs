using Grove.Core.Errors;
using Grove.Core.Voice;

namespace Grove.Integrations.Voice;

/// <summary>
/// Audio to transcribe, held in memory only (never written to disk): its bytes, media type, and a
/// file name whose extension tells the server the format. Never larger than <see cref="VoiceLimits.MaxAudioBytes"/>.
/// </summary>
public sealed class VoiceAudio
{
    private static readonly Dictionary<string, string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["audio/webm"] = "webm",
        ["video/webm"] = "webm",
        ["audio/ogg"] = "ogg",
        ["audio/wav"] = "wav",
        ["audio/x-wav"] = "wav",
        ["audio/wave"] = "wav",
        ["audio/mpeg"] = "mp3",
        ["audio/mp3"] = "mp3",
        ["audio/mp4"] = "m4a",
        ["audio/x-m4a"] = "m4a",
        ["audio/aac"] = "m4a",
        ["audio/flac"] = "flac",
        ["audio/x-flac"] = "flac",
    };

    private static readonly Dictionary<string, string> MediaTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["webm"] = "audio/webm",
        ["ogg"] = "audio/ogg",
        ["oga"] = "audio/ogg",
        ["wav"] = "audio/wav",
        ["mp3"] = "audio/mpeg",
        ["mpga"] = "audio/mpeg",
        ["mpeg"] = "audio/mpeg",
        ["m4a"] = "audio/mp4",
        ["mp4"] = "audio/mp4",
        ["flac"] = "audio/flac",
    };

    private VoiceAudio(byte[] data, string mediaType, string fileName)
    {
        Data = data;
        MediaType = mediaType;
        FileName = fileName;
    }

    public byte[] Data { get; }

    /// <summary>The media type without parameters (<c>audio/webm</c>, not <c>audio/webm;codecs=opus</c>).</summary>
    public string MediaType { get; }

    /// <summary><c>audio.&lt;ext&gt;</c>: only the extension matters to the server.</summary>
    public string FileName { get; }

    /// <summary>Wraps <paramref name="data"/>; refuses audio over 25 MB, empty audio and a type that is not audio.</summary>
    public static VoiceAudio From(byte[] data, string? mediaType, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        EnsureSize(data.LongLength);
        if (data.Length == 0)
        {
            throw new GroveException(ErrorKind.InvalidInput, "The recording is empty: nothing was heard. Check the microphone and hold the button while you speak.");
        }

        var type = Clean(mediaType);
        var extension = fileName is not null ? Path.GetExtension(fileName).TrimStart('.') : "";
        if (type is null && MediaTypes.TryGetValue(extension, out var fromName))
        {
            type = fromName;
        }

        if (type is null || !Extensions.TryGetValue(type, out var typeExtension))
        {
            throw new GroveException(ErrorKind.InvalidInput, $"'{mediaType ?? fileName}' is not an audio format voice input reads (webm, ogg, wav, mp3, m4a, flac).");
        }

        return new VoiceAudio(data, type, "audio." + (MediaTypes.ContainsKey(extension) ? extension.ToLowerInvariant() : typeExtension));
    }

    /// <summary>Reads <paramref name="stream"/> into memory, refusing it (before reading on) once it passes 25 MB.</summary>
    public static async Task<VoiceAudio> ReadAsync(Stream stream, string? mediaType, string? fileName = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.CanSeek)
        {
            EnsureSize(stream.Length - stream.Position);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            EnsureSize(buffer.Length);
        }

        return From(buffer.ToArray(), mediaType, fileName);
    }

    /// <summary>Refuses a size over <see cref="VoiceLimits.MaxAudioBytes"/>: nothing is uploaded.</summary>
    public static void EnsureSize(long bytes)
    {
        if (bytes > VoiceLimits.MaxAudioBytes)
        {
            throw new GroveException(ErrorKind.InvalidInput, VoiceLimits.TooLarge(bytes));
        }
    }

    private static string? Clean(string? mediaType)
    {
        var type = mediaType?.Split(';')[0].Trim();
        return string.IsNullOrEmpty(type) || type == "application/octet-stream" ? null : type;
    }
}
