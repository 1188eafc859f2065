using System.Text.Json;
using Grove.Core.Agents;
using Grove.Core.Errors;

namespace Grove.Agents.ClaudeCode;

internal sealed partial class ClaudeSession
{
    /// <summary>Answers to our requests complete their waiter; requests Grove does not handle get an error reply at once.</summary>
    private void HandleControl(ControlMessage control)
    {
        switch (control)
        {
            case ControlResponseMessage response:
                if (_pendingControl.TryRemove(response.RequestId, out var waiter))
                {
                    waiter.TrySetResult(response);
                }

                break;
            case ControlRequestMessage { Subtype: "can_use_tool" }:
                break;
            case ControlRequestMessage request:
                LogUnhandledRequest(_logger, ProcessId, request.Subtype);
                // Not awaited: the reading loop must never wait on stdin.
                _ = TryWriteAsync(StreamJsonWriter.ErrorResponse(request.RequestId, $"Unsupported control request subtype: {request.Subtype}"));
                break;
            case ControlCancelMessage cancel:
                if (_pendingPermissions.TryRemove(cancel.RequestId, out _))
                {
                    Publish(new SystemEvent("permission_cancelled", JsonSerializer.SerializeToElement(new { request_id = cancel.RequestId })));
                }

                break;
        }
    }

    /// <summary>Sends a control request and waits for its reply; an error reply or no reply in time throws.</summary>
    private async Task<JsonElement?> SendControlRequestAsync(string subtype, Action<Utf8JsonWriter>? fields, CancellationToken cancellationToken)
    {
        var requestId = $"grove-{Interlocked.Increment(ref _nextRequestId)}";
        var waiter = new TaskCompletionSource<ControlResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pendingControl[requestId] = waiter;
        try
        {
            await WriteAsync(StreamJsonWriter.ControlRequest(requestId, subtype, fields), null, cancellationToken);
            var response = await waiter.Task.WaitAsync(_options.ControlTimeout, cancellationToken);
            if (!response.Success)
            {
                throw new GroveException(ErrorKind.Conflict, $"Claude Code refused '{subtype}': {response.Error}");
            }

            return response.Response;
        }
        catch (TimeoutException ex)
        {
            throw new GroveException(ErrorKind.Timeout, $"Claude Code did not answer '{subtype}' within {_options.ControlTimeout.TotalSeconds:0.#} s.", ex);
        }
        finally
        {
            _pendingControl.TryRemove(requestId, out _);
        }
    }

    /// <summary>Writes one stdin line (<see cref="AgentProcess.WriteLineAsync"/>); a user message also marks a turn as running.</summary>
    private Task WriteAsync(byte[] line, AgentEvent? announce, CancellationToken cancellationToken) =>
        _process.WriteLineAsync(line, announce, cancellationToken, announce is UserEvent ? () => Volatile.Write(ref _turnRunning, 1) : null);

    /// <summary>A write from the reading loop: a dead process is reported by the loop itself, so failures are only logged.</summary>
    private async Task TryWriteAsync(byte[] line)
    {
        try
        {
            await WriteAsync(line, null, CancellationToken.None);
        }
        catch (GroveException ex)
        {
            LogWriteFailed(_logger, ProcessId, ex.Message);
        }
    }
}
