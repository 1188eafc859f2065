using Grove.Core.Errors;
using Grove.Services.Agents;
using Microsoft.JSInterop;

namespace Grove.Web.Components.Composer;

/// <summary>Pasted or dropped images: checked (format, size, count) as they arrive, shown as thumbnails until sent.</summary>
public sealed partial class Composer
{
    /// <summary>Largest preview accepted from the page (a data: URL a canvas made, ~160 px).</summary>
    private const int MaxThumbnailChars = 400_000;

    [JSInvokable]
    public async Task OnImagePasted(string name, string mediaType, long size, string? thumbnail, IJSStreamReference data)
    {
        ArgumentNullException.ThrowIfNull(data);
        name = CleanName(name);
        try
        {
            if (_attachments.Count >= MessageImages.MaxCount)
            {
                throw new GroveException(ErrorKind.InvalidInput, $"A message can carry at most {MessageImages.MaxCount} images.");
            }

            if (size > MessageImages.MaxBytes || data.Length > MessageImages.MaxBytes)
            {
                throw new GroveException(ErrorKind.InvalidInput, TooLarge(name, Math.Max(size, data.Length)));
            }

            if (!MessageImages.SupportedMediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
            {
                throw new GroveException(ErrorKind.InvalidInput, $"'{name}' is {mediaType}; attach PNG, JPEG, GIF or WebP images.");
            }

            byte[] bytes;
            await using (var stream = await data.OpenReadStreamAsync(MessageImages.MaxBytes, _life.Token))
            {
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, _life.Token);
                bytes = buffer.ToArray();
            }

            var checkedType = MessageImages.Check(new MessageImage(mediaType, bytes, name));
            _attachments.Add(new ComposerAttachment(Guid.NewGuid().ToString("N"), name, checkedType, bytes, SafeThumbnail(thumbnail)));
            Drafts.Set(TabId, _text, _attachments);
            _error = null;
        }
        catch (GroveException ex)
        {
            _error = ex.Message;
        }
        catch (InvalidOperationException)
        {
            // The stream was longer than announced.
            _error = TooLarge(name, MessageImages.MaxBytes + 1L);
        }
        finally
        {
            await data.DisposeAsync();
        }

        StateHasChanged();
    }

    /// <summary>The page refused an image before sending it (too large to stream).</summary>
    [JSInvokable]
    public void OnImageRejected(string name, long size)
    {
        _error = TooLarge(CleanName(name), size);
        StateHasChanged();
    }

    private void RemoveAttachment(string id)
    {
        _attachments.RemoveAll(a => a.Id == id);
        Drafts.Set(TabId, _text, _attachments);
    }

    private static string TooLarge(string name, long size) =>
        $"'{name}' is {size / (1024.0 * 1024):0.0} MB; images can be at most {MessageImages.MaxBytes / (1024 * 1024)} MB.";

    private static string CleanName(string? name)
    {
        var clean = new string((name ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        clean = clean.Length == 0 ? "image" : clean;
        return clean.Length > 80 ? clean[..79] + "…" : clean;
    }

    /// <summary>Only a data: URL of an image, and a small one, becomes an img src.</summary>
    private static string? SafeThumbnail(string? thumbnail) =>
        thumbnail is { Length: > 0 and <= MaxThumbnailChars } && thumbnail.StartsWith("data:image/", StringComparison.Ordinal) && !thumbnail.StartsWith("data:image/svg", StringComparison.Ordinal)
            ? thumbnail
            : null;
}
