using System.Text;
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

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 512 };

    private string? _streamingMessageId;
    private bool _turnReportedError;

    /// <summary>Parses one line of raw bytes (without its newline), decoding UTF-8 leniently.</summary>
    public ParsedLine Parse(ReadOnlySpan<byte> line) => Parse(LenientUtf8.GetString(line));

    /// <summary>Parses one line of text (without its newline).</summary>
    public ParsedLine Parse(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return ParsedLine.Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(line, DocumentOptions);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Malformed($"unexpected shape: expected a JSON object, got {root.ValueKind}", line);
            }

            return root.RequiredString("type") switch
            {
                "system" => ParseSystem(root),
                "assistant" => ParseAssistant(root),
                "user" => ParseUser(root),
                "stream_event" => ParseStreamEvent(root),
                "result" => ParseResult(root),
                "control_request" => ParseControlRequest(root),
                "control_response" => ParseControlResponse(root),
                "control_cancel_request" => new ParsedLine([], new ControlCancelMessage(root.RequiredString("request_id"))),
                "keep_alive" => ParsedLine.Empty,
                var other => ParsedLine.Of(new SystemEvent(other, root.Clone())),
            };
        }
        catch (JsonException ex)
        {
            return Malformed($"not valid JSON ({ex.Message})", line);
        }
        catch (UnexpectedShapeException ex)
        {
            return Malformed($"unexpected shape: {ex.Message}", line);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException)
        {
            return Malformed($"unexpected shape: {ex.Message}", line);
        }
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
