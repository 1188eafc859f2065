using System.Globalization;
using System.Text;
using System.Text.Json;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Data.Stores;

namespace Grove.Services.Agents;

public enum TranscriptFormat
{
    Markdown,
    Json,
}

/// <summary>What an export is about: the tab, its workspace, the format, and a file name for a download.</summary>
public sealed record TranscriptExport(AgentTab Tab, Workspace Workspace, TranscriptFormat Format)
{
    public string ContentType => Format == TranscriptFormat.Json ? "application/json; charset=utf-8" : "text/markdown; charset=utf-8";

    public string FileName
    {
        get
        {
            var stem = string.Concat($"{Workspace.Name}-{Tab.Name}".Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-'));
            return $"{stem}.{(Format == TranscriptFormat.Json ? "json" : "md")}";
        }
    }
}

/// <summary>
/// Writes a tab's transcript as Markdown (user and assistant messages, tool calls and their results
/// as fenced blocks, notices, per-turn totals) or as JSON (every stored event as recorded),
/// streaming page by page so a long transcript never sits in memory whole.
/// </summary>
public interface ITranscriptExporter
{
    /// <summary>Resolves the tab (id or workspace:tab) and its workspace; throws NotFound.</summary>
    Task<TranscriptExport> PrepareAsync(string tab, TranscriptFormat format, CancellationToken cancellationToken = default);

    Task WriteAsync(TranscriptExport export, Stream output, CancellationToken cancellationToken = default);

    /// <summary>Parses <c>markdown</c>/<c>md</c> or <c>json</c> (null means Markdown); throws InvalidInput.</summary>
    static TranscriptFormat ParseFormat(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        null or "" or "markdown" or "md" => TranscriptFormat.Markdown,
        "json" => TranscriptFormat.Json,
        _ => throw new GroveException(ErrorKind.InvalidInput, $"Unknown export format '{format}'; use markdown or json."),
    };
}

internal sealed class TranscriptExporter(IAgentTabs tabs, IWorkspaceStore workspaces, ITranscriptStore transcripts, TimeProvider time) : ITranscriptExporter
{
    private const int PageSize = 500;

    public async Task<TranscriptExport> PrepareAsync(string tab, TranscriptFormat format, CancellationToken cancellationToken = default)
    {
        var resolved = await tabs.ResolveAsync(tab, cancellationToken);
        var workspace = await workspaces.GetAsync(resolved.WorkspaceId, cancellationToken)
            ?? throw new GroveException(ErrorKind.NotFound, $"The workspace of tab '{resolved.Name}' is gone.");
        return new TranscriptExport(resolved, workspace, format);
    }

    public async Task WriteAsync(TranscriptExport export, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(export);
        if (export.Format == TranscriptFormat.Json)
        {
            await WriteJsonAsync(export, output, cancellationToken);
        }
        else
        {
            var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024, leaveOpen: true);
            await using (writer.ConfigureAwait(false))
            {
                var markdown = new MarkdownTranscriptWriter(writer);
                await markdown.WriteHeaderAsync(export, time.GetUtcNow());
                await foreach (var e in ReadAllAsync(export.Tab.Id, cancellationToken))
                {
                    await markdown.WriteAsync(e);
                }

                await writer.FlushAsync(cancellationToken);
            }
        }
    }

    private async Task WriteJsonAsync(TranscriptExport export, Stream output, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("format", "grove-transcript");
        json.WriteNumber("version", 1);
        json.WriteString("exportedAt", time.GetUtcNow());
        json.WriteStartObject("workspace");
        json.WriteString("id", export.Workspace.Id);
        json.WriteString("name", export.Workspace.Name);
        json.WriteString("branch", export.Workspace.Branch);
        json.WriteString("baseBranch", export.Workspace.BaseBranch);
        json.WriteEndObject();
        json.WriteStartObject("tab");
        json.WriteString("id", export.Tab.Id);
        json.WriteString("name", export.Tab.Name);
        json.WriteString("agent", export.Tab.AgentKind);
        json.WriteString("mode", export.Tab.Mode.ToString().ToLowerInvariant());
        json.WriteString("model", export.Tab.Model);
        json.WriteString("sessionId", export.Tab.SessionId);
        json.WriteString("createdAt", export.Tab.CreatedAt);
        json.WriteEndObject();
        json.WriteStartArray("events");
        await foreach (var e in ReadAllAsync(export.Tab.Id, cancellationToken))
        {
            json.WriteStartObject();
            json.WriteNumber("sequence", e.Sequence);
            json.WriteString("kind", e.Kind);
            json.WriteString("at", e.CreatedAt);
            json.WritePropertyName("payload");
            json.WriteRawValue(e.PayloadJson);
            json.WriteEndObject();
            if (json.BytesPending > 32 * 1024)
            {
                await json.FlushAsync(cancellationToken);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    private async IAsyncEnumerable<TranscriptEvent> ReadAllAsync(string tabId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (long after = 0; ;)
        {
            var page = await transcripts.ReadAsync(tabId, after, PageSize, cancellationToken);
            foreach (var e in page)
            {
                yield return e;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            after = page[^1].Sequence;
        }
    }
}
