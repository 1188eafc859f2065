using System.Buffers;
using System.Text;
using System.Text.Unicode;
using System.Text.Json;
using Grove.Core.Agents;

namespace Grove.Agents.ClaudeCode;

/// <summary>
/// Turns one stdout line of <c>claude --output-format stream-json</c> into <see cref="AgentEvent"/>s
/// (see docs/claude-stream-json.md §5 and §7). Never throws on input: a line that is not JSON,
/// has an unexpected shape, is too long or is not UTF-8 becomes one
/// <see cref="AgentErrorKind.MalformedOutput"/> event. One parser per session: it remembers the
/// streaming message id and whether the current turn already reported an error.
/// </summary>
internal sealed partial class StreamJsonParser
{
    /// <summary>Lines longer than this are skipped (10 MB).</summary>
    public const int MaxLineBytes = 10 * 1024 * 1024;

    private const int PreviewChars = 200;

    /// <summary>Invalid bytes become U+FFFD instead of failing the line.</summary>
    private static readonly UTF8Encoding LenientUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private static readonly SearchValues<byte> AsciiWhiteSpace = SearchValues.Create(" \t\r\n\v\f"u8);

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 512 };

    private string? _streamingMessageId;
    private string? _lastMessageId;
    private bool _turnReportedError;

    /// <summary>
    /// Parses one line of raw bytes (without its newline), decoding UTF-8 leniently. A line of valid UTF-8 that
    /// starts like an object is parsed from its bytes (no string of the whole line, no second transcoding);
    /// anything else (invalid bytes, a BOM, blank or non-object text) goes through <see cref="Parse(string)"/>,
    /// so both paths read every line the same way.
    /// </summary>
    public ParsedLine Parse(ReadOnlySpan<byte> line)
    {
        if (!StartsLikeAnObject(line) || !Utf8.IsValid(line))
        {
            return Parse(LenientUtf8.GetString(line));
        }

        // The document reads from memory: a pooled copy, returned once the events hold their own copies.
        var buffer = ArrayPool<byte>.Shared.Rent(line.Length);
        try
        {
            line.CopyTo(buffer);
            return ParseDocument(null, buffer.AsMemory(0, line.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// <see cref="Parse(ReadOnlySpan{byte})"/> for a line whose bytes stay unchanged until this returns (the
    /// session's line reader): the document reads them in place, with no copy.
    /// </summary>
    public ParsedLine Parse(ReadOnlyMemory<byte> line)
    {
        var bytes = line.Span;
        return StartsLikeAnObject(bytes) && Utf8.IsValid(bytes) ? ParseDocument(null, line) : Parse(LenientUtf8.GetString(bytes));
    }

    /// <summary>Parses one line of text (without its newline).</summary>
    public ParsedLine Parse(string line) =>
        string.IsNullOrWhiteSpace(line) ? ParsedLine.Empty : ParseDocument(line, default);

    /// <summary>True when the first byte after ASCII white space is <c>{</c>.</summary>
    private static bool StartsLikeAnObject(ReadOnlySpan<byte> line)
    {
        var start = line.IndexOfAnyExcept(AsciiWhiteSpace);
        return start >= 0 && line[start] == (byte)'{';
    }

    /// <summary>Parses <paramref name="text"/>, or when it is null <paramref name="utf8"/> (valid UTF-8); never throws on input.</summary>
    private ParsedLine ParseDocument(string? text, ReadOnlyMemory<byte> utf8)
    {
        try
        {
            using var document = text is null ? JsonDocument.Parse(utf8, DocumentOptions) : JsonDocument.Parse(text, DocumentOptions);
            return Read(document.RootElement);
        }
        catch (JsonException ex)
        {
            return Malformed($"not valid JSON ({ex.Message})", text ?? LenientUtf8.GetString(utf8.Span));
        }
        catch (UnexpectedShapeException ex)
        {
            return Malformed($"unexpected shape: {ex.Message}", text ?? LenientUtf8.GetString(utf8.Span));
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException)
        {
            return Malformed($"unexpected shape: {ex.Message}", text ?? LenientUtf8.GetString(utf8.Span));
        }
    }

    /// <summary>One line's object by its <c>type</c>, compared as UTF-8 (no string per line for the type).</summary>
    private ParsedLine Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new UnexpectedShapeException($"expected a JSON object, got {root.ValueKind}");
        }

        var type = root.RequiredStringElement("type");
        if (type.ValueEquals("stream_event"u8))
        {
            return ParseStreamEvent(root);
        }

        if (type.ValueEquals("assistant"u8))
        {
            return ParseAssistant(root);
        }

        if (type.ValueEquals("user"u8))
        {
            return ParseUser(root);
        }

        return type.GetString() switch
        {
            "system" => ParseSystem(root),
            "result" => ParseResult(root),
            "control_request" => ParseControlRequest(root),
            "control_response" => ParseControlResponse(root),
            "control_cancel_request" => new ParsedLine([], new ControlCancelMessage(root.RequiredString("request_id"))),
            "keep_alive" => ParsedLine.Empty,
            var other => ParsedLine.Of(new SystemEvent(other!, root.Clone())),
        };
    }

    /// <summary>The event for a line that was skipped because it passed <see cref="MaxLineBytes"/>.</summary>
    public static ParsedLine Overlong(long length) => ParsedLine.Of(new ErrorEvent(
        AgentErrorKind.MalformedOutput,
        $"Claude Code printed a line of {length:N0} bytes, over the {MaxLineBytes / (1024 * 1024)} MB limit; it was skipped."));

    private static ParsedLine Malformed(string reason, string line)
    {
        var preview = line.Length <= PreviewChars ? line : string.Concat(line.AsSpan(0, PreviewChars), "…");
        return ParsedLine.Of(new ErrorEvent(AgentErrorKind.MalformedOutput, $"Claude Code printed a line Grove could not read ({reason}); it was skipped.")
        {
            Detail = preview,
        });
    }

    private ErrorEvent TurnError(string? text, int? status, string? errorType)
    {
        _turnReportedError = true;
        var kind = ClaudeErrorClassifier.Classify(text, status, errorType);
        return new ErrorEvent(kind, ClaudeErrorClassifier.Describe(kind, text))
        {
            Detail = text,
            HttpStatus = status,
        };
    }
}
