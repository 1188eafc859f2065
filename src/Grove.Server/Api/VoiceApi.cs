using Grove.Core.Errors;
using Grove.Core.Voice;
using Grove.Server.Security;
using Grove.Services.Voice;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Grove.Server.Api;

/// <summary>
/// <c>GET /api/voice</c>: which source voice input would use (or how to enable it).
/// <c>POST /api/voice/transcribe</c>: multipart with the audio as the field <c>file</c> → <c>{text, source}</c>.
/// The body is capped (413 over 25 MB) and read as a stream: the audio never touches the disk
/// (ASP.NET's form reader would spool it to a temp file).
/// </summary>
internal static class VoiceApi
{
    /// <summary>Room for the multipart framing around the largest accepted audio.</summary>
    private const long FramingAllowance = 64 * 1024;

    public static void MapVoiceApi(this IEndpointRouteBuilder api)
    {
        var voice = api.MapGroup("/voice").WithTags("Voice");
        voice.MapGet("/", async Task<Ok<VoiceStatus>> (IVoice service, CancellationToken ct) => TypedResults.Ok(await service.StatusAsync(ct)));

        voice.MapPost("/transcribe", async Task<Results<Ok<VoiceTranscript>, ProblemHttpResult>> (HttpRequest request, IVoice service, CancellationToken ct) =>
        {
            var limit = VoiceLimits.MaxAudioBytes + FramingAllowance;
            if (request.ContentLength > limit)
            {
                return LocalRequestGuard.Problem(StatusCodes.Status413PayloadTooLarge, "Recording too large", VoiceLimits.TooLarge(request.ContentLength.Value));
            }

            if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            {
                bodySize.MaxRequestBodySize = limit;
            }

            if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ||
                !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) ||
                HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
            {
                throw new GroveException(ErrorKind.InvalidInput, "Send the audio as multipart/form-data with the field 'file'.");
            }

            var reader = new MultipartReader(boundary, request.Body);
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (section.GetContentDispositionHeader() is { } disposition &&
                    disposition.IsFileDisposition() &&
                    HeaderUtilities.RemoveQuotes(disposition.Name).Value == "file")
                {
                    var fileName = HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                    return TypedResults.Ok(await service.TranscribeAsync(section.Body, section.ContentType, fileName, ct));
                }
            }

            throw new GroveException(ErrorKind.InvalidInput, "The multipart field 'file' (the audio) is missing.");
        });
    }
}
