using Grove.Services.Agents;
using Grove.Services.Projects;
using Grove.Services.Workspaces;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Lists;

/// <summary>
/// One read of the projects, workspaces and tabs shared by every page: with five pages open, the
/// lists are read once per <see cref="PollInterval"/>, not five times, and a page renders its list
/// only when the read differs. The poll runs only while someone listens.
/// </summary>
internal sealed class WorkspaceList(
    IProjectService projects,
    IWorkspaceService workspaces,
    IAgentTabs tabs,
    TimeProvider time,
    ILogger<WorkspaceList> logger) : IWorkspaceList, IAsyncDisposable
{
    /// <summary>How often the lists are re-read while listened to (catches the CLI's direct writes).</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _reading = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private Action<WorkspaceListSnapshot>? _changed;
    private Task? _poll;
    private volatile WorkspaceListSnapshot? _last;
    private long _readAt;
    private int _reads;

    /// <summary>How many times the lists were read (for tests and diagnostics).</summary>
    internal int Reads => Volatile.Read(ref _reads);

    /// <summary>The poll under way, if any (it ends at the first tick with no one listening).</summary>
    internal Task? Polling
    {
        get
        {
            lock (_gate)
            {
                return _poll;
            }
        }
    }

    public event Action<WorkspaceListSnapshot>? Changed
    {
        add
        {
            lock (_gate)
            {
                _changed += value;
                if (_poll is null or { IsCompleted: true } && !_stop.IsCancellationRequested)
                {
                    // The timer starts now, with the first listener, not whenever the loop gets a thread.
                    var timer = new PeriodicTimer(PollInterval, time);
                    _poll = Task.Run(() => PollAsync(timer), CancellationToken.None);
                }
            }
        }
        remove
        {
            lock (_gate)
            {
                _changed -= value;
            }
        }
    }

    /// <summary>The last read while it is younger than <see cref="PollInterval"/> (what a listening page may show anyway); else a new read.</summary>
    public async Task<WorkspaceListSnapshot> GetAsync(CancellationToken cancellationToken = default) =>
        _last is { } last && time.GetElapsedTime(Volatile.Read(ref _readAt)) < PollInterval ? last : await RefreshAsync(cancellationToken);

    public async Task<WorkspaceListSnapshot> RefreshAsync(CancellationToken cancellationToken = default)
    {
        WorkspaceListSnapshot next;
        Action<WorkspaceListSnapshot>? notify = null;
        await _reading.WaitAsync(cancellationToken);
        try
        {
            var read = new WorkspaceListSnapshot(
                0,
                await projects.ListAsync(cancellationToken),
                [.. (await workspaces.ListAsync(includeArchived: true, cancellationToken: cancellationToken)).OrderByDescending(w => w.CreatedAt)],
                await tabs.ListAsync(cancellationToken: cancellationToken));
            Volatile.Write(ref _readAt, time.GetTimestamp());
            Interlocked.Increment(ref _reads);
            var last = _last;
            if (last is not null && last.SameListsAs(read))
            {
                return last;
            }

            next = read with { Version = (last?.Version ?? 0) + 1 };
            _last = next;
            if (last is not null)
            {
                lock (_gate)
                {
                    notify = _changed;
                }
            }
        }
        finally
        {
            _reading.Release();
        }

        notify?.Invoke(next);
        return next;
    }

    private async Task PollAsync(PeriodicTimer timer)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                lock (_gate)
                {
                    if (_changed is null)
                    {
                        _poll = null;
                        return;
                    }
                }

                try
                {
                    await RefreshAsync(_stop.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                {
                    // The next tick tries again: a failed read must not stop every page's list for good.
                    logger.LogWarning("Could not read the workspace list: {Error}", ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        finally
        {
            timer.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Task? poll;
        lock (_gate)
        {
            poll = _poll;
        }

        if (poll is not null)
        {
            await poll;
        }

        _stop.Dispose();
        _reading.Dispose();
    }
}
