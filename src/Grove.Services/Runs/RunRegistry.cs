using System.Collections.Concurrent;

namespace Grove.Services.Runs;

/// <summary>Every workspace's <see cref="RunSlot"/> in this process (made on first use, kept for the process's life).</summary>
internal sealed class RunRegistry(TimeProvider time) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, RunSlot> _slots = new(StringComparer.Ordinal);

    public RunSlot Get(string workspaceId) => _slots.GetOrAdd(workspaceId, id => new RunSlot(id, time));

    public RunSlot? Find(string workspaceId) => _slots.GetValueOrDefault(workspaceId);

    /// <summary>Stops the workspace's run if one is going (archive, delete).</summary>
    public async Task StopAsync(string workspaceId, CancellationToken cancellationToken)
    {
        if (Find(workspaceId) is { IsRunning: true } slot)
        {
            await slot.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var slot in _slots.Values.Where(s => s.IsRunning))
        {
            await slot.StopAsync(CancellationToken.None);
        }
    }
}
