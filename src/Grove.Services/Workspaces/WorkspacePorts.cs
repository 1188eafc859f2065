using System.Globalization;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Core.Workspaces;
using Grove.Data.Stores;
using Grove.Services.Runs;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Workspaces;

internal sealed class WorkspacePorts(IWorkspacePortStore store, ISettingsStore settings, ILogger<WorkspacePorts> logger) : IWorkspacePorts
{
    private const int HighestPort = 65535;

    /// <summary>Seam for tests: is anything listening on this port right now?</summary>
    internal Func<int, bool>? InUseOverride { get; set; }

    public async Task<PortRange> EnsureAsync(Workspace workspace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (await store.GetAsync(workspace.Id, cancellationToken) is { } existing)
        {
            return existing;
        }

        var first = await BaseAsync(cancellationToken);
        var listening = InUseOverride is null && ListeningSockets.Supported ? ListeningSockets.ListeningPorts() : null;
        var taken = (await store.ListAsync(cancellationToken)).ToList();
        for (var start = first; start + IWorkspacePorts.RangeSize - 1 <= HighestPort; start += IWorkspacePorts.RangeSize)
        {
            var range = new PortRange(start, IWorkspacePorts.RangeSize);
            if (taken.Any(t => t.First <= range.Last && range.First <= t.Last) || Enumerable.Range(start, range.Count).Any(p => InUse(p, listening)))
            {
                continue;
            }

            if (await store.TryAddAsync(workspace.Id, range, cancellationToken))
            {
                logger.LogInformation("Workspace {Workspace} got ports {Range}", workspace.Name, range);
                return range;
            }

            // Lost a race: either this workspace got a range meanwhile or another took this one.
            if (await store.GetAsync(workspace.Id, cancellationToken) is { } raced)
            {
                return raced;
            }
        }

        throw new GroveException(ErrorKind.Conflict, $"No free range of {IWorkspacePorts.RangeSize} ports above {first}; archive workspaces or lower '{SettingKeys.PortsBase}'.");
    }

    public Task<PortRange?> GetAsync(string workspaceId, CancellationToken cancellationToken = default) => store.GetAsync(workspaceId, cancellationToken);

    public async Task ReleaseAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        await store.DeleteAsync(workspaceId, cancellationToken);

    private bool InUse(int port, HashSet<int>? listening) => InUseOverride?.Invoke(port) ?? ListeningSockets.IsInUse(port, listening);

    private async Task<int> BaseAsync(CancellationToken cancellationToken)
    {
        var text = await settings.GetAsync(SettingKeys.PortsBase, cancellationToken);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : SettingKeys.DefaultPortsBase;
    }
}
