using Grove.Agents.ClaudeCode;
using Grove.Agents.Processes;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Core.Errors;

namespace Grove.Agents.Codex;

internal sealed partial class CodexSession
{
    public async Task SendUserMessageAsync(string text, IReadOnlyList<AgentImage>? images = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        await EnsureThreadAsync(cancellationToken);
        Publish(new UserEvent(text) { ImageCount = images?.Count ?? 0 });
        if (Interlocked.Exchange(ref _pendingInit, null) is { } init)
        {
            Publish(init);
        }

        Volatile.Write(ref _turnRunning, 1);
        var sandboxChange = _modeChanged ? _mode : (AgentMode?)null;
        _modeChanged = false;
        try
        {
            var started = await RequestAsync("turn/start", w =>
            {
                w.WriteString("threadId", _threadId);
                w.WritePropertyName("input");
                w.WriteStartArray();
                w.WriteStartObject();
                w.WriteString("type", "text");
                w.WriteString("text", text);
                w.WriteEndObject();
                foreach (var image in images ?? [])
                {
                    w.WriteStartObject();
                    w.WriteString("type", "image");
                    w.WriteString("url", $"data:{image.MediaType};base64,{Convert.ToBase64String(image.Data.Span)}");
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                if (sandboxChange is { } mode)
                {
                    w.WritePropertyName("sandboxPolicy");
                    w.WriteStartObject();
                    w.WriteString("type", mode == AgentMode.Plan ? "readOnly" : "workspaceWrite");
                    w.WriteEndObject();
                }
            }, cancellationToken);
            _mapper.TurnId ??= started.Result.Property("turn")?.String("id");
        }
        catch (GroveException ex) when (ex.Kind is ErrorKind.Conflict or ErrorKind.Timeout && !_process.HasExited)
        {
            // Codex refused the turn: end it the way every turn ends, so the tab does not wait forever.
            Volatile.Write(ref _turnRunning, 0);
            Publish(new ErrorEvent(AgentErrorKind.Unknown, $"Codex did not start the turn: {ex.Message}"));
            Publish(new ResultEvent(_threadId, true) { Subtype = "error_during_execution", ResultText = ex.Message, TerminalReason = "api_error" });
            Interlocked.Exchange(ref _nextResult, NewSignal()).TrySetResult();
        }
    }

    public async Task RespondToPermissionAsync(string requestId, PermissionDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (!_pendingPermissions.TryRemove(requestId, out var pending))
        {
            throw new GroveException(ErrorKind.NotFound, $"No permission request '{requestId}' is waiting (it was answered, withdrawn, or the process ended).");
        }

        // Codex takes accept / decline / cancel (decline and stop the turn); "always" rules live in Grove.
        var answer = decision.Allow ? "accept" : decision.Interrupt ? "cancel" : "decline";
        if (!decision.Allow)
        {
            _mapper.CountDenial();
        }

        var recorded = new PermissionDecisionEvent(requestId, decision.Allow)
        {
            ToolUseId = pending.Request.ToolUseId,
            Message = decision.Allow ? null : decision.Message,
            Interrupt = !decision.Allow && decision.Interrupt,
            Scope = decision.Allow ? decision.Scope : null,
        };
        try
        {
            var reply = _mapper.IsMcpApproval(requestId) ? CodexRpc.ElicitationAnswer(pending.RpcId, answer) : CodexRpc.Decision(pending.RpcId, answer);
            await WriteAsync(reply, recorded, cancellationToken);
            _mapper.Answered(requestId);
        }
        catch (OperationCanceledException)
        {
            _pendingPermissions.TryAdd(requestId, pending);
            throw;
        }
    }

    public async Task InterruptAsync(CancellationToken cancellationToken = default)
    {
        var turnEnded = Volatile.Read(ref _nextResult).Task;
        if (Volatile.Read(ref _turnRunning) == 0 || _process.HasExited)
        {
            return;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.InterruptTimeout);
        try
        {
            await SendInterruptAsync(deadline.Token);
            await turnEnded.WaitAsync(deadline.Token);
            return;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
        catch (GroveException ex) when (!_process.HasExited)
        {
            LogInterruptFailed(_logger, ProcessId, ex.Message);
            try
            {
                await turnEnded.WaitAsync(deadline.Token);
                return;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
        }

        if (_process.HasExited || turnEnded.IsCompleted)
        {
            return;
        }

        await _process.KillAsync($"Codex did not stop within {_options.InterruptTimeout.TotalSeconds:0.#} s of an interrupt, so its process tree was killed.", cancellationToken);
    }

    public Task SetPermissionModeAsync(string mode, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mode);
        if (!PermissionModes.All.Contains(mode))
        {
            throw new GroveException(ErrorKind.InvalidInput, $"'{mode}' is not a permission mode Grove uses; use one of: {string.Join(", ", PermissionModes.All)}.");
        }

        // Codex has one approval policy for all of them (Grove's rules decide accept-edits); plan is its read-only sandbox, from the next turn on.
        var next = mode == PermissionModes.Plan ? AgentMode.Plan : AgentMode.Agent;
        if (next != _mode)
        {
            _mode = next;
            _modeChanged = true;
        }

        Publish(new StatusEvent(null) { PermissionMode = mode });
        return Task.CompletedTask;
    }

    public async Task StopAsync(TimeSpan grace, CancellationToken cancellationToken = default)
    {
        _process.MarkStopping();
        if (Volatile.Read(ref _turnRunning) == 1 && !_process.HasExited)
        {
            using var quick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            quick.CancelAfter(grace < _options.RequestTimeout ? grace : _options.RequestTimeout);
            try
            {
                await SendInterruptAsync(quick.Token);
            }
            catch (Exception ex) when (ex is GroveException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                LogInterruptFailed(_logger, ProcessId, ex.Message);
            }
        }

        await _process.CloseAndWaitAsync(grace, cancellationToken);
    }

    private async Task SendInterruptAsync(CancellationToken cancellationToken)
    {
        var turnId = _mapper.TurnId;
        if (_threadId is null || turnId is null)
        {
            return;
        }

        await RequestAsync("turn/interrupt", w =>
        {
            w.WriteString("threadId", _threadId);
            w.WriteString("turnId", turnId);
        }, cancellationToken);
    }

    /// <summary>Writes one line (and publishes <paramref name="record"/> first, in order with it); throws Conflict when stdin is closed.</summary>
    private Task WriteAsync(byte[] line, AgentEvent? record, CancellationToken cancellationToken) =>
        _process.WriteLineAsync(line, record, cancellationToken);
}
