using Grove.Core.Errors;
using Microsoft.Extensions.Logging;

namespace Grove.Services.PullRequests;

internal sealed partial class PullRequestWatch(IPullRequests pullRequests, TimeProvider time, ILogger<PullRequestWatch> logger) : IPullRequestWatch
{
    private readonly IPullRequests _pullRequests = pullRequests;
    private readonly TimeProvider _time = time;
    private readonly ILogger _logger = logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Poller> _pollers = new(StringComparer.Ordinal);

    public IDisposable Watch(string workspaceId, Func<PullRequestWatchUpdate, Task> onUpdate)
    {
        ArgumentException.ThrowIfNullOrEmpty(workspaceId);
        ArgumentNullException.ThrowIfNull(onUpdate);
        var viewer = new Viewer(this, workspaceId, onUpdate);
        Poller? started = null;
        lock (_gate)
        {
            if (!_pollers.TryGetValue(workspaceId, out var poller))
            {
                poller = started = new Poller(this, workspaceId);
                _pollers[workspaceId] = poller;
            }

            poller.Viewers.Add(viewer);
            if (started is null && poller.Last is { } last)
            {
                // A later viewer sees what the others see at once.
                _ = SendAsync(viewer, last);
            }
        }

        started?.Start();
        return viewer;
    }

    public void Nudge(string workspaceId)
    {
        lock (_gate)
        {
            if (_pollers.TryGetValue(workspaceId, out var poller))
            {
                poller.Wake();
            }
        }
    }

    public int ViewerCount(string workspaceId)
    {
        lock (_gate)
        {
            return _pollers.TryGetValue(workspaceId, out var poller) ? poller.Viewers.Count : 0;
        }
    }

    private void Leave(Viewer viewer)
    {
        Poller? stopped = null;
        lock (_gate)
        {
            if (_pollers.TryGetValue(viewer.WorkspaceId, out var poller) && poller.Viewers.Remove(viewer) && poller.Viewers.Count == 0)
            {
                _pollers.Remove(viewer.WorkspaceId);
                stopped = poller;
            }
        }

        stopped?.Stop();
    }

    private Viewer[] ViewersOf(Poller poller, PullRequestWatchUpdate update)
    {
        lock (_gate)
        {
            poller.Last = update;
            return [.. poller.Viewers];
        }
    }

    private async Task SendAsync(Viewer viewer, PullRequestWatchUpdate update)
    {
        try
        {
            await viewer.OnUpdate(update);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogViewerFailed(_logger, exception, viewer.WorkspaceId);
        }
    }

    /// <summary>What makes two reads "the same" for the back-off (not the time they were read).</summary>
    internal static string Fingerprint(PullRequestWatchUpdate update) => update.Status is not { } s
        ? $"error {update.ErrorKind} {update.Error}"
        : string.Join('|',
            s.PullRequest?.Number, s.PullRequest?.State, s.PullRequest?.IsDraft, s.PullRequest?.HeadSha, s.PullRequest?.Title,
            s.PullRequest?.Mergeable, s.PullRequest?.MergeableState, s.ReviewDecision,
            s.Checks?.Passed, s.Checks?.Failed, s.Checks?.Pending, s.UnpushedCommits);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A pull request viewer of workspace {WorkspaceId} failed")]
    private static partial void LogViewerFailed(ILogger logger, Exception exception, string workspaceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling the pull request of workspace {WorkspaceId} failed")]
    private static partial void LogPollFailed(ILogger logger, Exception exception, string workspaceId);

    private sealed class Viewer(PullRequestWatch owner, string workspaceId, Func<PullRequestWatchUpdate, Task> onUpdate) : IDisposable
    {
        private int _disposed;

        public string WorkspaceId => workspaceId;

        public Func<PullRequestWatchUpdate, Task> OnUpdate => onUpdate;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Leave(this);
            }
        }
    }

    /// <summary>One workspace's polling loop; lives while it has viewers.</summary>
    private sealed class Poller(PullRequestWatch owner, string workspaceId) : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly PollBackoff _backoff = new();
        private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<Viewer> Viewers { get; } = [];

        public PullRequestWatchUpdate? Last { get; set; }

        public void Start() => _ = Task.Run(() => RunAsync(_stop.Token));

        public void Stop() => _stop.Cancel();

        public void Wake() => Volatile.Read(ref _wake).TrySetResult();

        private async Task RunAsync(CancellationToken cancellationToken)
        {
            var refresh = false;
            string? previous = null;
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    // A nudge from here on (even during the read) ends the wait below at once.
                    Volatile.Write(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                    var read = await ReadAsync(refresh, cancellationToken);
                    var fingerprint = Fingerprint(read);
                    var next = _backoff.Next(changed: fingerprint != previous);
                    previous = fingerprint;
                    var update = read with { NextIn = next };

                    // The wait starts before the viewers hear of the read, so "update seen" means "timer set".
                    var due = Task.Delay(next, owner._time, cancellationToken);
                    foreach (var viewer in owner.ViewersOf(this, update))
                    {
                        await owner.SendAsync(viewer, update);
                    }

                    var nudged = Volatile.Read(ref _wake).Task;
                    var woke = await Task.WhenAny(due, nudged);
                    if (woke == nudged)
                    {
                        _backoff.Reset();
                        previous = null; // the next read counts as a change: the wait starts over at the minimum
                    }

                    cancellationToken.ThrowIfCancellationRequested();
                    refresh = true;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
            finally
            {
                Dispose();
            }
        }

        /// <summary>After the loop ended (which only <see cref="Stop"/> does).</summary>
        public void Dispose() => _stop.Dispose();

        private async Task<PullRequestWatchUpdate> ReadAsync(bool refresh, CancellationToken cancellationToken)
        {
            try
            {
                var status = await owner._pullRequests.GetStatusAsync(workspaceId, refresh, cancellationToken);
                return new PullRequestWatchUpdate(status, null, null, TimeSpan.Zero);
            }
            catch (GroveException exception)
            {
                return new PullRequestWatchUpdate(null, exception.Message, exception.Kind, TimeSpan.Zero);
            }
            catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
            {
                LogPollFailed(owner._logger, exception, workspaceId);
                return new PullRequestWatchUpdate(null, $"Could not read the pull request: {exception.Message}", ErrorKind.Unexpected, TimeSpan.Zero);
            }
        }
    }
}
