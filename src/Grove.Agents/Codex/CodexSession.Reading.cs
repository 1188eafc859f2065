using System.Text;
using Grove.Agents.Processes;
using Grove.Core.Agents;
using Grove.Core.Errors;

namespace Grove.Agents.Codex;

internal sealed partial class CodexSession
{
    private static readonly UTF8Encoding LenientUtf8 = new(false, false);

    private static readonly TimeSpan DrainAfterExit = TimeSpan.FromSeconds(2);

    /// <summary>Reads stdout to its end, handling each line in order; then reports how the process ended and completes the stream.</summary>
    private async Task ReadStdoutAsync(Stream stdout, Task stderr)
    {
        var exitWatch = WatchExitAsync();
        try
        {
            var reader = new BoundedLineReader(stdout, MaxLineBytes);
            while (await reader.ReadLineAsync(_stopReading.Token) is { } line)
            {
                if (line.IsOverlong)
                {
                    _rawLog?.Write(Encoding.UTF8.GetBytes($"{{\"grove_skipped_line_bytes\":{line.OverlongLength}}}"));
                    Publish(new ErrorEvent(AgentErrorKind.MalformedOutput, $"Codex printed a line of {line.OverlongLength} bytes, more than Grove reads; it was skipped."));
                    continue;
                }

                _rawLog?.Write(line.Bytes.Span);
                try
                {
                    await HandleAsync(CodexRpc.Parse(line.Bytes.Span), line.Bytes);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One line is lost, never the session.
                    Publish(new ErrorEvent(AgentErrorKind.MalformedOutput, $"Grove could not handle a line from Codex ({ex.GetType().Name}: {ex.Message}); it was skipped."));
                }
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
        }
    }

    private async Task HandleAsync(CodexLine line, ReadOnlyMemory<byte> raw)
    {
        switch (line.Kind)
        {
            case CodexLineKind.Malformed:
                LogMalformed(_logger, ProcessId, line.Problem ?? "unknown", CodexRpc.Preview(raw.Span));
                Publish(new ErrorEvent(AgentErrorKind.MalformedOutput, $"Codex printed a line Grove could not read ({line.Problem}); it was skipped.")
                {
                    Detail = CodexRpc.Preview(raw.Span),
                });
                break;
            case CodexLineKind.Response:
                if (long.TryParse(line.IdText, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var id)
                    && _pendingRequests.TryRemove(id, out var waiter))
                {
                    waiter.TrySetResult(line);
                }

                break;
            case CodexLineKind.Request:
                await OnServerRequestAsync(line);
                break;
            case CodexLineKind.Notification:
                foreach (var agentEvent in _mapper.Notification(line.Method!, line.Params))
                {
                    Publish(agentEvent);
                    if (agentEvent is ResultEvent)
                    {
                        Volatile.Write(ref _turnRunning, 0);
                        Interlocked.Exchange(ref _nextResult, NewSignal()).TrySetResult();
                    }
                }

                break;
        }
    }

    private async Task OnServerRequestAsync(CodexLine request)
    {
        if (_mapper.Approval(request) is { } ask)
        {
            // Registered before it is published, so an answer that comes at once finds it.
            _pendingPermissions[ask.RequestId] = (ask, request.Id);
            Publish(ask);
            return;
        }

        LogUnhandledRequest(_logger, ProcessId, request.Method ?? "?");
        await WriteAsync(CodexRpc.ErrorReply(request.Id, -32601, $"Grove does not handle '{request.Method}'."), null, CancellationToken.None);
    }

    private async Task ReadStderrAsync(Stream stderr)
    {
        try
        {
            var reader = new BoundedLineReader(stderr, 64 * 1024);
            while (await reader.ReadLineAsync(_stopReading.Token) is { } line)
            {
                _stderr.Add(line.IsOverlong ? $"[{line.OverlongLength} bytes skipped]" : LenientUtf8.GetString(line.Bytes.Span));
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
            var tail = StderrTail;
            var lastLine = tail.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            var message = _exitReason ?? (lastLine is null
                ? $"Codex exited unexpectedly with code {exitCode}."
                : $"Codex exited unexpectedly with code {exitCode}: {lastLine}");
            Publish(new ErrorEvent(AgentErrorKind.ProcessExited, message) { ExitCode = exitCode, StderrTail = tail.Length == 0 ? null : tail });
        }

        foreach (var pending in _pendingRequests.Values)
        {
            pending.TrySetException(NotRunning());
        }

        _pendingRequests.Clear();
        _pendingPermissions.Clear();
        _nextResult.TrySetResult();
        _events.Writer.TryComplete();
    }

    private static GroveException NotRunning() => new(ErrorKind.Conflict, "The Codex process is not running.");
}
