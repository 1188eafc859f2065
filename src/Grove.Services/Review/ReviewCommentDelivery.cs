using System.Collections.Concurrent;
using Grove.Data.Stores;

namespace Grove.Services.Review;

/// <summary>
/// The one place pending review comments join a message: every send to a tab goes through
/// <see cref="Agents.IAgentRuns"/>, which hands its message here. The workspace's pending comments
/// are composed into <see cref="ReviewCommentBlock"/> before the text, and marked sent only after
/// the hand-off succeeded (a refused send leaves them pending). One send per workspace at a time,
/// so two messages never carry the same comments.
/// </summary>
internal sealed class ReviewCommentDelivery(IReviewCommentStore store, IWorkspaceStore workspaces, ReviewCommentSignal signal, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public async Task<T> SendAsync<T>(string workspaceId, string text, Func<string, Task<T>> send, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(workspaceId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var pending = await store.ListAsync(workspaceId, cancellationToken: cancellationToken);
            if (pending.Count == 0 || await workspaces.GetAsync(workspaceId, cancellationToken) is not { } workspace)
            {
                return await send(text);
            }

            var checkedComments = await ReviewCommentLines.MarkOutdatedAsync(workspace, pending, cancellationToken);
            var result = await send(ReviewCommentBlock.Attach(ReviewCommentBlock.Compose(checkedComments), text));
            await store.MarkSentAsync([.. pending.Select(c => c.Id)], time.GetUtcNow(), CancellationToken.None);
            signal.Raise(workspaceId);
            return result;
        }
        finally
        {
            gate.Release();
        }
    }
}

/// <summary>Tells subscribers (the UI) that a workspace's review comments changed.</summary>
internal sealed class ReviewCommentSignal
{
    public event Action<string>? Changed;

    public void Raise(string workspaceId) => Changed?.Invoke(workspaceId);
}
