namespace Grove.Testing;

/// <summary>
/// A point where a scripted response stops streaming until the test calls <see cref="Release"/>.
/// <see cref="Reached"/> completes when the server arrives at the gate, so a test can wait for
/// "the response is now paused mid-stream" without sleeping.
/// </summary>
public sealed class FakeGate
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a response first arrives at this gate.</summary>
    public Task Reached => _reached.Task;

    public bool IsReleased => _released.Task.IsCompleted;

    /// <summary>Lets every response waiting at this gate (now or later) go on.</summary>
    public void Release() => _released.TrySetResult();

    internal async Task PassAsync(CancellationToken cancellationToken)
    {
        _reached.TrySetResult();
        await _released.Task.WaitAsync(cancellationToken);
    }
}
