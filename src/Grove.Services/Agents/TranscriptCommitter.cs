using System.Threading.Channels;
using Grove.Core.Domain;
using Grove.Data.Stores;

namespace Grove.Services.Agents;

/// <summary>
/// Stores the transcript rows of every tab (<see cref="TranscriptRecorder"/>) through one loop:
/// it waits for the first row, then up to <see cref="AgentRunOptions.TranscriptCommitWindow"/> (or
/// until <see cref="MaxRows"/> rows wait, or a tab flushes), and stores every tab's rows and dropped
/// checkpoints in ONE transaction; then it publishes each tab's items in that tab's order and
/// releases its barriers. A hundred tabs streaming ten rows a second each are a few dozen
/// transactions a second, not a thousand. When the shared transaction fails, every tab is tried
/// again on its own, so only the tab whose rows fail is faulted (its pump then stops the agent)
/// and every other tab's rows are stored and published. The window is real time (not the
/// injected <see cref="TimeProvider"/>): it only groups writes, and never holds a flush.
/// </summary>
internal sealed class TranscriptCommitter : IAsyncDisposable
{
    /// <summary>The most rows one transaction stores (a tab with more goes on in the next one, without a window).</summary>
    internal const int MaxRows = 1024;

    private readonly ITranscriptStore _store;
    private readonly TimeSpan _window;
    private readonly Channel<TranscriptRecorder> _ready = Channel.CreateUnbounded<TranscriptRecorder>(new UnboundedChannelOptions { SingleReader = true });

    // Completed to end the current window; replaced by the loop once it has ended a window.
    private TaskCompletionSource _hurry = NewSignal();
    private readonly Task _loop;
    private int _queuedRows;

    public TranscriptCommitter(ITranscriptStore store, TabEventHub hub, AgentRunOptions options)
    {
        _store = store;
        Hub = hub;
        _window = options.TranscriptCommitWindow;
        _loop = Task.Run(RunAsync);
    }

    public TabEventHub Hub { get; }

    /// <summary>
    /// A tab queued a row; <paramref name="schedule"/> is the tab when it has just started waiting
    /// for the committer. False when the committer is stopped and will not take it.
    /// </summary>
    internal bool RowQueued(TranscriptRecorder? schedule)
    {
        if (Interlocked.Increment(ref _queuedRows) == MaxRows)
        {
            Hurry();
        }

        return schedule is null || _ready.Writer.TryWrite(schedule);
    }

    /// <summary>Ends the current window now (a flush, a full batch, a caller waiting for room).</summary>
    internal void Hurry() => Volatile.Read(ref _hurry).TrySetResult();

    /// <summary>Stores and publishes what is still queued, then stops; a tab recording after that is faulted.</summary>
    public async ValueTask DisposeAsync()
    {
        _ready.Writer.TryComplete();
        Hurry();
        await _loop;
    }

    private async Task RunAsync()
    {
        var taken = new List<TranscriptRecorder>();
        var carried = new List<TranscriptRecorder>();
        var appends = new List<TranscriptAppend>();
        while (carried.Count > 0 || await _ready.Reader.WaitToReadAsync())
        {
            var hurry = Volatile.Read(ref _hurry);
            if (carried.Count == 0 && _window > TimeSpan.Zero && !hurry.Task.IsCompleted)
            {
                // Not SemaphoreSlim.WaitAsync(timeout): its timeout ends in a caught TimeoutException, once per window.
                await Task.WhenAny(hurry.Task, Task.Delay(_window));
            }

            // A hurry from before this point is for items taken below; one from after it ends the next window
            // (a race may leave the old signal completed: then one extra cycle without a window).
            if (hurry.Task.IsCompleted)
            {
                Interlocked.CompareExchange(ref _hurry, NewSignal(), hurry);
            }

            // Tabs left over from a full transaction first, then the ones that started waiting since.
            taken.Clear();
            taken.AddRange(carried);
            carried.Clear();
            while (_ready.Reader.TryRead(out var tab))
            {
                taken.Add(tab);
            }

            var room = MaxRows;
            appends.Clear();
            foreach (var tab in taken)
            {
                var (rows, more) = tab.Take(room);
                room -= rows;
                Interlocked.Add(ref _queuedRows, -rows);
                if (more)
                {
                    carried.Add(tab);
                }

                if (tab.BatchAppend is { } append)
                {
                    appends.Add(append);
                }
            }

            await CommitAsync(taken, appends);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>One transaction for every tab; if it fails, one per tab, so a failure stays with its tab.</summary>
    private async Task CommitAsync(List<TranscriptRecorder> taken, List<TranscriptAppend> appends)
    {
        IReadOnlyList<IReadOnlyList<TranscriptEvent>>? stored = null;
        if (appends.Count > 0)
        {
            try
            {
                stored = await _store.AppendTabsAsync(appends, CancellationToken.None);
                TranscriptCommitStats.Committed(appends);
            }
            catch (Exception ex) when (appends.Count == 1)
            {
                // The batch is one tab's: that tab fails, nothing to retry.
                foreach (var tab in taken)
                {
                    Finish(tab, null, ex);
                }

                return;
            }
            catch (Exception)
            {
                // Some tab's rows fail (e.g. its tab was deleted): each tab on its own, below.
            }
        }

        if (stored is not null || appends.Count == 0)
        {
            var next = 0;
            foreach (var tab in taken)
            {
                Finish(tab, tab.BatchAppend is null ? [] : stored![next++], null);
            }

            return;
        }

        foreach (var tab in taken)
        {
            if (tab.BatchAppend is not { } append)
            {
                Finish(tab, [], null);
                continue;
            }

            try
            {
                var alone = await _store.AppendTabsAsync([append], CancellationToken.None);
                TranscriptCommitStats.Committed([append]);
                Finish(tab, alone[0], null);
            }
            catch (Exception ex)
            {
                Finish(tab, null, ex);
            }
        }
    }

    /// <summary>A tab's batch is done: published once stored, or failed (a tab with nothing to store is never failed).</summary>
    private static void Finish(TranscriptRecorder tab, IReadOnlyList<TranscriptEvent>? stored, Exception? error)
    {
        if (error is not null && tab.BatchAppend is not null)
        {
            tab.Failed(error);
        }
        else
        {
            tab.Published(stored ?? []);
        }
    }
}

/// <summary>
/// Process-wide counts of the transcript transactions the committer ran and the rows they stored,
/// for the server's <c>GROVE_DEBUG_MEMORY</c> report and the benches (rows per transaction).
/// </summary>
public static class TranscriptCommitStats
{
    private static long _transactions;
    private static long _rows;

    public static long Transactions => Interlocked.Read(ref _transactions);

    public static long Rows => Interlocked.Read(ref _rows);

    internal static void Committed(IReadOnlyList<TranscriptAppend> appends)
    {
        var rows = 0;
        foreach (var append in appends)
        {
            rows += append.Events.Count;
        }

        Interlocked.Increment(ref _transactions);
        Interlocked.Add(ref _rows, rows);
    }
}
