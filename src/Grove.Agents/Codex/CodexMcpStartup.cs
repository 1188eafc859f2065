namespace Grove.Agents.Codex;

/// <summary>
/// The start-up state of a session's MCP servers, from <c>mcpServer/startupStatus/updated</c>. Codex
/// starts them with the thread but does not hold the first turn for them, so a turn sent too early
/// would not offer their tools: the session waits (bounded) until each has settled.
/// </summary>
internal sealed class CodexMcpStartup
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _states = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Records a server's state (<c>starting</c>, <c>ready</c>, <c>failed</c>, <c>cancelled</c>).</summary>
    public void Update(string name, string status)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _states[name] = status;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>Waits until every server in <paramref name="names"/> is ready, failed or cancelled, or <paramref name="timeout"/> passes (no error: the turn then goes without the slow ones).</summary>
    public async Task WaitSettledAsync(IReadOnlyCollection<string> names, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (names.Count == 0)
        {
            return;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            while (true)
            {
                Task changed;
                lock (_lock)
                {
                    if (names.All(n => _states.TryGetValue(n, out var s) && s is not "starting"))
                    {
                        return;
                    }

                    changed = _changed.Task;
                }

                await changed.WaitAsync(timeout, time, limit.Token);
            }
        }
        catch (Exception ex) when ((ex is OperationCanceledException or TimeoutException) && !cancellationToken.IsCancellationRequested)
        {
        }
    }
}
