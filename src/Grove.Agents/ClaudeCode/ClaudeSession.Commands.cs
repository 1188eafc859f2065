using System.Text.Json;
using Grove.Agents.Processes;
using Grove.Core.Agents;
using Grove.Core.Errors;

namespace Grove.Agents.ClaudeCode;

internal sealed partial class ClaudeSession
{
    public async Task SendUserMessageAsync(string text, IReadOnlyList<AgentImage>? images = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var line = StreamJsonWriter.UserMessage(text, images);
        await WriteAsync(line, new UserEvent(text) { ImageCount = images?.Count ?? 0 }, cancellationToken);
    }

    public async Task RespondToPermissionAsync(string requestId, PermissionDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (!_pendingPermissions.TryRemove(requestId, out var request))
        {
            throw new GroveException(ErrorKind.NotFound, $"No permission request '{requestId}' is waiting (it was answered, withdrawn, or the process ended).");
        }

        byte[] line;
        PermissionDecisionEvent answer;
        if (decision.Allow)
        {
            var permissions = decision.UpdatedPermissions ?? (decision.SaveSuggestions ? request.Suggestions : null);
            line = StreamJsonWriter.AllowPermission(requestId, request.ToolUseId, decision.UpdatedInput ?? request.Input, permissions);
            answer = new PermissionDecisionEvent(requestId, true)
            {
                ToolUseId = request.ToolUseId,
                RuleSaved = permissions is { ValueKind: JsonValueKind.Array } array && array.GetArrayLength() > 0,
                Scope = decision.Scope,
            };
        }
        else
        {
            line = StreamJsonWriter.DenyPermission(requestId, request.ToolUseId, decision.Message!, decision.Interrupt);
            answer = new PermissionDecisionEvent(requestId, false)
            {
                ToolUseId = request.ToolUseId,
                Message = decision.Message,
                Interrupt = decision.Interrupt,
            };
        }

        try
        {
            await WriteAsync(line, answer, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Not sent: the request is still waiting for an answer.
            _pendingPermissions.TryAdd(requestId, request);
            throw;
        }
    }

    public async Task InterruptAsync(CancellationToken cancellationToken = default)
    {
        var turnEnded = Volatile.Read(ref _nextResult).Task;
        var turnRunning = Volatile.Read(ref _turnRunning) == 1;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.InterruptTimeout);
        var answered = false;
        try
        {
            await SendControlRequestAsync("interrupt", null, deadline.Token);
            answered = true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
        catch (GroveException ex) when (ex.Kind is ErrorKind.Timeout or ErrorKind.Conflict && !_process.HasExited)
        {
            // Conflict: the CLI answered with an error but is alive; the turn may still end.
            answered = ex.Kind == ErrorKind.Conflict;
            LogInterruptFailed(_logger, ProcessId, ex.Message);
        }

        if (_process.HasExited || (answered && !turnRunning))
        {
            return;
        }

        if (answered)
        {
            try
            {
                await turnEnded.WaitAsync(deadline.Token);
                return;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
        }

        if (_process.HasExited)
        {
            return;
        }

        await _process.KillAsync($"Claude Code did not stop within {_options.InterruptTimeout.TotalSeconds:0.#} s of an interrupt, so its process tree was killed.", cancellationToken);
    }

    public async Task SetPermissionModeAsync(string mode, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mode);
        if (!PermissionModes.All.Contains(mode))
        {
            throw new GroveException(ErrorKind.InvalidInput, $"'{mode}' is not a permission mode Grove uses; use one of: {string.Join(", ", PermissionModes.All)}.");
        }

        await SendControlRequestAsync("set_permission_mode", w => w.WriteString("mode", mode), cancellationToken);
    }

    public async Task StopAsync(TimeSpan grace, CancellationToken cancellationToken = default)
    {
        _process.MarkStopping();
        if (Volatile.Read(ref _turnRunning) == 1 && !_process.HasExited)
        {
            // Ask the running turn to end first, so closing stdin does not wait for the whole turn.
            using var quick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            quick.CancelAfter(grace < _options.ControlTimeout ? grace : _options.ControlTimeout);
            try
            {
                await SendControlRequestAsync("interrupt", null, quick.Token);
            }
            catch (Exception ex) when (ex is GroveException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                LogInterruptFailed(_logger, ProcessId, ex.Message);
            }
        }

        await _process.CloseAndWaitAsync(grace, cancellationToken);
    }
}
