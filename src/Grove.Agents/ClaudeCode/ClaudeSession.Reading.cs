using Grove.Agents.Processes;
using Grove.Core.Agents;

namespace Grove.Agents.ClaudeCode;

internal sealed partial class ClaudeSession
{
    /// <summary>One stdout line (already in the raw log) → events, in order.</summary>
    /// <remarks>The parser is written not to throw; if it ever does, <see cref="AgentProcess"/> reports the line as skipped.</remarks>
    private ValueTask HandleLineAsync(LineRead line)
    {
        Handle(line.IsOverlong ? StreamJsonParser.Overlong(line.OverlongLength) : _parser.Parse(line.Bytes));
        return ValueTask.CompletedTask;
    }

    private void Handle(ParsedLine parsed)
    {
        if (parsed.Control is ControlRequestMessage { Subtype: "can_use_tool" } ask
            && parsed.Events.OfType<PermissionRequestEvent>().FirstOrDefault() is { } request)
        {
            // Registered before it is published, so an answer that comes at once finds it.
            _pendingPermissions[ask.RequestId] = request;
        }

        var events = parsed.Events;
        for (var i = 0; i < events.Count; i++) // not foreach: no enumerator boxed per line
        {
            Track(events[i]);
            Publish(events[i]);
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

    /// <summary>The process is gone (its error, if any, is published): fail what waits for an answer.</summary>
    private void OnExit()
    {
        foreach (var pending in _pendingControl.Values)
        {
            pending.TrySetException(_process.NotRunning());
        }

        _pendingControl.Clear();
        _pendingPermissions.Clear();
        _nextResult.TrySetResult();
    }

    private ErrorEvent ExitError(int exitCode)
    {
        var tail = StderrTail;
        var kind = ClaudeErrorClassifier.Classify(tail);
        if (_process.ExitReason is not null || kind is AgentErrorKind.Unknown or AgentErrorKind.Network)
        {
            return _process.UnexpectedExit(exitCode);
        }

        string message;
        if (kind == _lastErrorKind)
        {
            // Already reported in words by the turn; this event only says the process is gone.
            kind = AgentErrorKind.ProcessExited;
            message = $"Claude Code exited with code {exitCode} after the error it reported.";
        }
        else
        {
            message = ClaudeErrorClassifier.Describe(kind, _process.LastStderrLine);
        }

        return new ErrorEvent(kind, message)
        {
            ExitCode = exitCode,
            StderrTail = tail.Length == 0 ? null : tail,
        };
    }
}
