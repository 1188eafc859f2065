using Grove.Core.Errors;
using Grove.Services.Workspaces;

namespace Grove.Services.Agents;

internal sealed class TabWorktree(IAgentTabs tabs, IWorkspaceService workspaces) : ITabWorktree
{
    public async Task<WorktreePaths> PathsAsync(string tabId, CancellationToken cancellationToken = default)
    {
        try
        {
            var tab = await tabs.ResolveAsync(tabId, cancellationToken);
            var workspace = await workspaces.ResolveAsync(tab.WorkspaceId, cancellationToken);
            return Directory.Exists(workspace.WorktreePath) ? new WorktreePaths(workspace.WorktreePath) : WorktreePaths.None;
        }
        catch (GroveException ex) when (ex.Kind == ErrorKind.NotFound)
        {
            return WorktreePaths.None;
        }
    }
}
