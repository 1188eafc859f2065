using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Core.Workspaces;
using Grove.Git.Checkpoints;
using Grove.Services.Agents;
using Grove.Services.Workspaces;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Checkpoints;

internal sealed class Checkpoints(
    IWorkspaceService workspaces,
    IAgentTabs tabs,
    IAgentRuns runs,
    ICheckpointGit git,
    ILogger<Checkpoints> logger) : ICheckpoints
{
    public async Task<IReadOnlyList<Checkpoint>> ListAsync(string workspace, string? tab = null, CancellationToken cancellationToken = default)
    {
        var (ws, agentTab) = await ResolveAsync(workspace, tab, cancellationToken);
        var commits = await git.ListAsync(ws.WorktreePath, agentTab.Id, cancellationToken);
        if (commits.Count == 0)
        {
            return [];
        }

        var now = await git.SnapshotTreeAsync(ws.WorktreePath, cancellationToken);
        var list = new List<Checkpoint>(commits.Count);
        foreach (var commit in commits)
        {
            list.Add(await DescribeAsync(ws, agentTab, commit, now, cancellationToken));
        }

        return list;
    }

    public async Task<Checkpoint> GetAsync(string workspace, int number, string? tab = null, CancellationToken cancellationToken = default)
    {
        var (ws, agentTab) = await ResolveAsync(workspace, tab, cancellationToken);
        var commit = await FindAsync(ws, agentTab, number, cancellationToken);
        return await DescribeAsync(ws, agentTab, commit, await git.SnapshotTreeAsync(ws.WorktreePath, cancellationToken), cancellationToken);
    }

    public async Task<CheckpointRestore> RestoreAsync(string workspace, int number, string? tab = null, bool fork = false, CancellationToken cancellationToken = default)
    {
        var (ws, agentTab) = await ResolveAsync(workspace, tab, cancellationToken);
        if (runs.IsBusy(agentTab.Id))
        {
            throw new GroveException(ErrorKind.Conflict, $"Tab '{agentTab.Name}' is running a turn; stop it before restoring files.");
        }

        var commit = await FindAsync(ws, agentTab, number, cancellationToken);
        var changes = await git.RestoreAsync(ws.WorktreePath, commit, cancellationToken);
        var (after, _) = TurnCheckpoints.Note.Read(commit.Note);
        var described = Describe(agentTab, commit, []);
        logger.LogInformation("Restored {Workspace} to checkpoint {Number} of tab {Tab} ({Count} files)", ws.Name, number, agentTab.Name, changes.Count);

        string? forkId = null;
        if (fork)
        {
            if (after <= 0)
            {
                throw new GroveException(ErrorKind.InvalidInput, "The files were restored, but turn 1 has no conversation before it to fork; start a new tab instead.");
            }

            forkId = (await runs.ForkAsync(agentTab.Id, after, null, cancellationToken)).Id;
        }

        return new CheckpointRestore(described, [.. changes.Select(ToFile)], forkId);
    }

    private async Task<(Workspace Workspace, AgentTab Tab)> ResolveAsync(string workspace, string? tab, CancellationToken cancellationToken)
    {
        var ws = await workspaces.ResolveAsync(workspace, cancellationToken);
        if (!Directory.Exists(ws.WorktreePath))
        {
            throw new GroveException(ErrorKind.NotFound, $"The worktree of '{ws.Name}' is missing; restore the workspace first.");
        }

        var list = await tabs.ListAsync(ws.Id, cancellationToken);
        AgentTab? chosen;
        if (tab is null)
        {
            chosen = list.OrderByDescending(t => t.UpdatedAt).FirstOrDefault()
                ?? throw new GroveException(ErrorKind.NotFound, $"Workspace '{ws.Name}' has no agent tabs, so no checkpoints.");
        }
        else
        {
            chosen = list.FirstOrDefault(t => t.Id == tab)
                ?? list.FirstOrDefault(t => string.Equals(t.Name, tab, StringComparison.OrdinalIgnoreCase))
                ?? throw new GroveException(ErrorKind.NotFound, $"No tab '{tab}' in workspace '{ws.Name}'.");
        }

        return (ws, chosen);
    }

    private async Task<CheckpointCommit> FindAsync(Workspace ws, AgentTab tab, int number, CancellationToken cancellationToken)
    {
        var all = await git.ListAsync(ws.WorktreePath, tab.Id, cancellationToken);
        return all.FirstOrDefault(c => c.Number == number)
            ?? throw new GroveException(
                ErrorKind.NotFound,
                all.Count == 0 ? $"Tab '{tab.Name}' has no checkpoints yet." : $"No checkpoint {number} in tab '{tab.Name}' (1..{all[^1].Number}).");
    }

    private async Task<Checkpoint> DescribeAsync(Workspace ws, AgentTab tab, CheckpointCommit commit, string currentTree, CancellationToken cancellationToken) =>
        Describe(tab, commit, [.. (await git.DiffAsync(ws.WorktreePath, currentTree, commit.Tree, cancellationToken)).Select(ToFile)]);

    private static Checkpoint Describe(AgentTab tab, CheckpointCommit commit, IReadOnlyList<CheckpointFile> files)
    {
        var (after, prompt) = TurnCheckpoints.Note.Read(commit.Note);
        return new Checkpoint(commit.Number, tab.Id, tab.Name, commit.CreatedAt, prompt, after, commit.Commit, files);
    }

    /// <summary>A change from the work tree now to the checkpoint, in words of what a restore does.</summary>
    private static CheckpointFile ToFile(TreeChange change) => new(
        change.Path,
        change.Status switch
        {
            'A' => CheckpointFile.Recreated,
            'D' => CheckpointFile.Removed,
            _ => CheckpointFile.Restored,
        });
}
