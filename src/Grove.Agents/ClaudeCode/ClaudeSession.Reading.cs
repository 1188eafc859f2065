using System.Text;
using Grove.Agents.Processes;
using Grove.Core.Agents;

namespace Grove.Agents.ClaudeCode;

internal sealed partial class ClaudeSession
{
    private static readonly UTF8Encoding LenientUtf8 = new(false, false);

    /// <summary>Reads stdout to its end, publishing events in order; then reports how the process ended and completes the stream.</summary>
    private async Task ReadStdoutAsync(Stream stdout, Task stderr)
    {
        try
        {
            var reader = new BoundedLineReader(stdout, StreamJsonParser.MaxLineBytes);
            while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
            {
                ParsedLine parsed;
                if (line.IsOverlong)
                {
                    _rawLog?.Write(Encoding.UTF8.GetBytes($"{{\"grove_skipped_line_bytes\":{line.OverlongLength}}}"));
                    parsed = StreamJsonParser.Overlong(line.OverlongLength);
                }
                else
                {
                    _rawLog?.Write(line.Bytes.Span);
                    parsed = _parser.Parse(line.Bytes.Span);
                }

                Handle(parsed);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            LogStdoutFailed(_logger, ProcessId, ex.Message);
        }

        await _process.WaitForExitAsync(CancellationToken.None);
        await Observe(stderr);
        Finish();
    }

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
            while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
            {
                _stderr.Add(line.IsOverlong ? $"[{line.OverlongLength} bytes skipped]" : LenientUtf8.GetString(line.Bytes.Span));
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
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
