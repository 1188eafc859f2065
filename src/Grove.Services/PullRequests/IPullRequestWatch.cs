namespace Grove.Services.PullRequests;

/// <summary>
/// Polls the pull request status of the workspaces someone is looking at. The first viewer of a
/// workspace starts one poller (shared by every later viewer); it reads the status at once (the
/// ~10 s cache and ETags keep that cheap), then again after a wait that doubles while nothing changes
/// (10 s, 20 s, 40 s … at most 5 min, see <see cref="PollBackoff"/>), and starts over on a change or a
/// <see cref="Nudge"/>. When the last viewer leaves, polling stops.
/// </summary>
public interface IPullRequestWatch
{
    /// <summary>Starts viewing <paramref name="workspaceId"/>; every read (status or error line) goes to <paramref name="onUpdate"/>. Dispose to stop viewing.</summary>
    IDisposable Watch(string workspaceId, Func<PullRequestWatchUpdate, Task> onUpdate);

    /// <summary>A user action (opened, created, pushed, merged, refresh): read now, without the cache, and wait the shortest time again.</summary>
    void Nudge(string workspaceId);

    /// <summary>How many viewers the workspace has (0: not polled).</summary>
    int ViewerCount(string workspaceId);
}

/// <summary>One read of a watched workspace: the status, or the one-line error; when the next read is due.</summary>
public sealed record PullRequestWatchUpdate(PullRequestStatus? Status, string? Error, Core.Errors.ErrorKind? ErrorKind, TimeSpan NextIn);
