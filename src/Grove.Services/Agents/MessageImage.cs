using Grove.Agents;
using Grove.Core.Errors;

namespace Grove.Services.Agents;

/// <summary>An image attached to a user message (pasted or dropped into the composer).</summary>
/// <param name="MediaType">What the sender says it is; the bytes decide (see <see cref="MessageImages.Check"/>).</param>
/// <param name="Data">The image file's bytes.</param>
/// <param name="Name">A file name for messages, when known.</param>
public sealed record MessageImage(string MediaType, ReadOnlyMemory<byte> Data, string? Name = null);

/// <summary>Limits and checks for <see cref="MessageImage"/>s: the formats the Messages API accepts, a size cap, a count cap.</summary>
public static class MessageImages
{
    /// <summary>Largest image accepted (5 MiB, the Messages API's own limit for base64 images).</summary>
    public const int MaxBytes = 5 * 1024 * 1024;

    /// <summary>Most images one message may carry.</summary>
    public const int MaxCount = 10;

    public static IReadOnlyList<string> SupportedMediaTypes { get; } = ["image/png", "image/jpeg", "image/gif", "image/webp"];

    /// <summary>Refuses an empty, oversized or unsupported image; returns the media type its bytes show.</summary>
    public static string Check(MessageImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var name = string.IsNullOrWhiteSpace(image.Name) ? "The image" : $"'{image.Name}'";
        if (image.Data.Length == 0)
        {
            throw new GroveException(ErrorKind.InvalidInput, $"{name} is empty.");
        }

        if (image.Data.Length > MaxBytes)
        {
            throw new GroveException(ErrorKind.InvalidInput, $"{name} is {image.Data.Length / (1024.0 * 1024):0.0} MB; images can be at most {MaxBytes / (1024 * 1024)} MB.");
        }

        return Sniff(image.Data.Span)
            ?? throw new GroveException(ErrorKind.InvalidInput, $"{name} is not a PNG, JPEG, GIF or WebP image.");
    }

    /// <summary>Checks every image and the count; returns them as the agent driver takes them (media type from the bytes).</summary>
    public static IReadOnlyList<AgentImage> ToAgentImages(IReadOnlyList<MessageImage>? images)
    {
        if (images is null || images.Count == 0)
        {
            return [];
        }

        if (images.Count > MaxCount)
        {
            throw new GroveException(ErrorKind.InvalidInput, $"A message can carry at most {MaxCount} images ({images.Count} attached).");
        }

        return [.. images.Select(i => new AgentImage(Check(i), i.Data))];
    }

    /// <summary>The media type the first bytes show, or null when they are none of the supported formats.</summary>
    public static string? Sniff(ReadOnlySpan<byte> data) => data switch
    {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x47, 0x49, 0x46, 0x38, ..] => "image/gif",
        [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => "image/webp",
        _ => null,
    };
}
