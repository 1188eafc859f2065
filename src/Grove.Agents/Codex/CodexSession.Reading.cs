using Grove.Agents.Processes;
using Grove.Core.Agents;

namespace Grove.Agents.Codex;

internal sealed partial class CodexSession
{
    /// <summary>One stdout line (already in the raw log), handled in order; a line that fails is reported by <see cref="AgentProcess"/>.</summary>
    private async ValueTask HandleLineAsync(LineRead line)
    {
        if (line.IsOverlong)
        {
            Publish(new ErrorEvent(AgentErrorKind.MalformedOutput, $"Codex printed a line of {line.OverlongLength} bytes, more than Grove reads; it was skipped."));
            return;
        }

        await HandleAsync(CodexRpc.Parse(line.Bytes.Span), line.Bytes);
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

    /// <summary>The process is gone (its error, if any, is published): fail what waits for an answer.</summary>
    private void OnExit()
    {
        foreach (var pending in _pendingRequests.Values)
        {
            pending.TrySetException(_process.NotRunning());
        }

        _pendingRequests.Clear();
        _pendingPermissions.Clear();
        _nextResult.TrySetResult();
    }
}
