using System.Text;
using Grove.Agents.Processes;
using Grove.Core.Agents;
using Microsoft.Extensions.Logging;

namespace Grove.Agents.ClaudeCode;

internal sealed partial class ClaudeSession
{
    private static readonly UTF8Encoding LenientUtf8 = new(false, false);

    /// <summary>After the process exits, how long stdout may stay open (a grandchild holding the pipe) before reading stops.</summary>
    private static readonly TimeSpan DrainAfterExit = TimeSpan.FromSeconds(2);

    /// <summary>Raw lines in the debug log are cut here (tool results can be megabytes; the raw log keeps them whole).</summary>
    private const int MaxLoggedChars = 4000;

    /// <summary>
    /// Reads stdout to its end, publishing events in order; then reports how the process ended and
    /// completes the stream. The stream always completes, whatever went wrong while reading.
    /// </summary>
    private async Task ReadStdoutAsync(Stream stdout, Task stderr)
    {
        var exitWatch = WatchExitAsync();
        try
        {
            var reader = new BoundedLineReader(stdout, StreamJsonParser.MaxLineBytes);
            while (await reader.ReadLineAsync(_stopReading.Token) is { } line)
            {
                Handle(ParseLine(line));
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            LogStdoutFailed(_logger, ProcessId, ex.Message);
        }
        finally
        {
            await _process.WaitForExitAsync(CancellationToken.None);
            await Observe(stderr);
            await exitWatch;
            Finish();
            _stopReading.Dispose();
        }
    }

    private async Task WatchExitAsync()
    {
        await _process.WaitForExitAsync(CancellationToken.None);
        try
        {
            _stopReading.CancelAfter(DrainAfterExit);
        }
        catch (ObjectDisposedException)
        {
            // Reading already finished.
        }
    }

    private ParsedLine ParseLine(LineRead line)
    {
        if (line.IsOverlong)
        {
            _rawLog?.Write(Encoding.UTF8.GetBytes($"{{\"grove_skipped_line_bytes\":{line.OverlongLength}}}"));
            return StreamJsonParser.Overlong(line.OverlongLength);
        }

        _rawLog?.Write(line.Bytes.Span);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            LogRawMessage(_logger, ProcessId, Redact(Shorten(LenientUtf8.GetString(line.Bytes.Span))));
        }

        try
        {
            return _parser.Parse(line.Bytes.Span);
        }
        catch (Exception ex)
        {
            // The parser is written not to throw; if it ever does, one line is lost, not the session.
            return ParsedLine.Of(new ErrorEvent(AgentErrorKind.MalformedOutput, $"Grove could not read a line from Claude Code ({ex.GetType().Name}: {ex.Message}); it was skipped."));
        }
    }

    /// <summary>A raw line as the debug log keeps it: at most <see cref="MaxLoggedChars"/> characters.</summary>
    private static string Shorten(string text) =>
        text.Length <= MaxLoggedChars ? text : $"{text[..MaxLoggedChars]}… [{text.Length - MaxLoggedChars} more characters]";

    private void Handle(ParsedLine parsed)
    {
        if (parsed.Control is ControlRequestMessage { Subtype: "can_use_tool" } ask
            && parsed.Events.OfType<PermissionRequestEvent>().FirstOrDefault() is { } request)
        {
            // Registered before it is published, so an answer that comes at once finds it.
            _pendingPermissions[ask.RequestId] = request;
        }

        foreach (var agentEvent in parsed.Events)
        {
            Track(agentEvent);
            Publish(agentEvent);
        }

        if (parsed.Control is { } control)
        {
            HandleControl(control);
        }
    }

    private void Track(AgentEvent agentEvent)
    {
        switch (agentEvent)
        {
            case InitEvent init:
                _sessionId = init.SessionId;
                break;
            case ErrorEvent { ErrorKind: not AgentErrorKind.MalformedOutput } error:
                _lastErrorKind = error.ErrorKind;
                break;
            case ResultEvent result:
                if (!string.IsNullOrEmpty(result.SessionId))
                {
                    _sessionId = result.SessionId;
                }

                // Any result ends "a turn is running": queued messages may be merged into one turn, and
                // waiting for a result that never comes would get a healthy process killed.
                Volatile.Write(ref _turnRunning, 0);

                Interlocked.Exchange(ref _nextResult, NewSignal()).TrySetResult();
                break;
        }
    }

    private async Task ReadStderrAsync(Stream stderr)
    {
        try
        {
            var reader = new BoundedLineReader(stderr, 64 * 1024);
            while (await reader.ReadLineAsync(_stopReading.Token) is { } line)
            {
                var text = line.IsOverlong ? $"[{line.OverlongLength} bytes skipped]" : LenientUtf8.GetString(line.Bytes.Span);
                _stderr.Add(text);
                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    LogStderrLine(_logger, ProcessId, Redact(Shorten(text)));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    /// <summary>The process is gone: report an unexpected end, fail what waits for an answer, complete the stream.</summary>
    private void Finish()
    {
        var exitCode = _process.ExitCode;
        _exitCode = exitCode;
        LogExited(_logger, ProcessId, exitCode, _stopping);
        if (!_stopping)
        {
            Publish(ExitError(exitCode));
        }

        foreach (var pending in _pendingControl.Values)
        {
            pending.TrySetException(NotRunning());
        }

        _pendingControl.Clear();
        _pendingPermissions.Clear();
        _nextResult.TrySetResult();
        _events.Writer.TryComplete();
    }

    private ErrorEvent ExitError(int exitCode)
    {
        var tail = StderrTail;
        var kind = ClaudeErrorClassifier.Classify(tail);
        var lastLine = tail.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        string message;
        if (_exitReason is { } reason)
        {
            kind = AgentErrorKind.ProcessExited;
            message = reason;
        }
        else if (kind is AgentErrorKind.Unknown or AgentErrorKind.Network)
        {
            kind = AgentErrorKind.ProcessExited;
            message = lastLine is null
                ? $"Claude Code exited unexpectedly with code {exitCode}."
                : $"Claude Code exited unexpectedly with code {exitCode}: {lastLine}";
        }
        else if (kind == _lastErrorKind)
        {
            // Already reported in words by the turn; this event only says the process is gone.
            kind = AgentErrorKind.ProcessExited;
            message = $"Claude Code exited with code {exitCode} after the error it reported.";
        }
        else
        {
            message = ClaudeErrorClassifier.Describe(kind, lastLine);
        }

        return new ErrorEvent(kind, message)
        {
            ExitCode = exitCode,
            StderrTail = tail.Length == 0 ? null : tail,
        };
    }
}
