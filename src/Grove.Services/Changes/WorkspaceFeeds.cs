using Grove.Core.Domain;
using Grove.Data.Stores;
using Grove.Services.Agents;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Changes;

internal sealed class WorkspaceFeeds(
    WorkspaceWatchHub watchers, IWorkspaceChanges changes, IAgentTabStore tabs, TabEventHub hub, TimeProvider time, ILogger<WorkspaceFeed> logger) : IWorkspaceFeeds
{
    public IWorkspaceFeed Open(Workspace workspace, Func<WorkspaceFeedUpdate, CancellationToken, Task> onUpdate, WorkspaceFeedOptions? options = null) =>
        WorkspaceFeed.Start(workspace, onUpdate, options ?? new WorkspaceFeedOptions(), watchers, changes, tabs, hub, time, logger);
}
