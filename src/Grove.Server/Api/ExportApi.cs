using Grove.Services.Agents;
using Microsoft.Net.Http.Headers;

namespace Grove.Server.Api;

/// <summary>
/// <c>GET /api/tabs/{tab}/export?format=markdown|json</c>: the tab's transcript as a download
/// (<c>Content-Disposition: attachment</c>), streamed page by page.
/// </summary>
internal static class ExportApi
{
    public static void MapExportApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/tabs/{tab}/export", ExportAsync)
            .WithTags("Tabs")
            .WithSummary("Export a tab's transcript as Markdown or JSON")
            .Produces(StatusCodes.Status200OK, contentType: "text/markdown")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
    }

    private static async Task ExportAsync(string tab, string? format, HttpContext context, ITranscriptExporter exporter)
    {
        // Resolve first: an unknown tab or format is a ProblemDetails answer, not a half-written file.
        var export = await exporter.PrepareAsync(tab, ITranscriptExporter.ParseFormat(format), context.RequestAborted);
        var response = context.Response;
        response.ContentType = export.ContentType;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(export.FileName);
        response.Headers.ContentDisposition = disposition.ToString();
        await exporter.WriteAsync(export, response.Body, context.RequestAborted);
    }
}
