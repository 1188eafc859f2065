using Grove.Core.Domain;
using Grove.Core.Workspaces;

namespace Grove.Services.Workspaces;

/// <summary>
/// Each workspace's own range of <see cref="RangeSize"/> ports. Allocated the first time it is asked
/// for, stored, and the same on every later call (and after a restart) until the workspace is
/// archived or deleted. Ranges never overlap and start on <c>ports.base</c> + a multiple of 10;
/// a range where another program listens at allocation time is skipped.
/// </summary>
public interface IWorkspacePorts
{
    const int RangeSize = 10;

    /// <summary>The workspace's range, allocated now when it has none.</summary>
    Task<PortRange> EnsureAsync(Workspace workspace, CancellationToken cancellationToken = default);

    /// <summary>The workspace's range, or null when none is allocated.</summary>
    Task<PortRange?> GetAsync(string workspaceId, CancellationToken cancellationToken = default);

    /// <summary>Gives the range back (archive); the next <see cref="EnsureAsync"/> allocates afresh.</summary>
    Task ReleaseAsync(string workspaceId, CancellationToken cancellationToken = default);
}
