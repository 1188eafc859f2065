namespace Grove.Bench;

/// <summary>
/// System time whose timers never fire: for the ingest bench's database, so the search indexer's
/// background batches (armed ~250 ms after an append) cannot land inside one timed run and not the
/// next; the bench indexes what is pending itself, timed on its own.
/// </summary>
internal sealed class HeldTimers : TimeProvider
{
    public static HeldTimers Instance { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new Held();

    private sealed class Held : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
