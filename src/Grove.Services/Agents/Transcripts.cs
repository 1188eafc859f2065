using Grove.Core.Domain;
using Grove.Data.Stores;

namespace Grove.Services.Agents;

internal sealed class Transcripts(IAgentTabs tabService, IAgentTabStore tabs, IWorkspaceStore workspaces, IProjectStore projects, ITranscriptStore store) : ITranscripts
{
    public async Task<long> LastSequenceAsync(string tab, CancellationToken cancellationToken = default) =>
        await store.CountAsync((await tabService.ResolveAsync(tab, cancellationToken)).Id, cancellationToken);

    public async Task<IReadOnlyList<TranscriptEvent>> ReadAsync(string tab, long afterSequence = 0, int limit = 1000, CancellationToken cancellationToken = default) =>
        await store.ReadAsync((await tabService.ResolveAsync(tab, cancellationToken)).Id, afterSequence, limit, cancellationToken);

    public async Task<IReadOnlyList<TranscriptHit>> SearchAsync(string query, int limit = 50, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);

        // Forks repeat their original's events, so ask for more than needed before folding them.
        var found = await store.SearchAsync(query, Math.Min(limit * 3, 1500), cancellationToken);
        var names = new Names(tabs, workspaces, projects);
        var candidates = new List<(TranscriptHit Hit, AgentTab Tab, string Copy)>();
        foreach (var hit in found)
        {
            if (await names.TabAsync(hit.TabId, cancellationToken) is not { } tab)
            {
                continue;
            }

            var (workspace, project) = await names.PlaceAsync(tab.WorkspaceId, cancellationToken);
            var stored = await store.ReadAsync(tab.Id, hit.Sequence - 1, 1, cancellationToken);

            // A fork copies events (kind, time, payload) into a tab of the same workspace. Not their
            // numbers: the copies are numbered afresh, while the original's sequence has gaps where
            // superseded streaming checkpoints were dropped.
            var copy = stored.Count == 1
                ? $"{tab.WorkspaceId}\n{hit.Kind}\n{stored[0].CreatedAt.UtcTicks}\n{stored[0].PayloadJson}"
                : $"{tab.Id}\n{hit.Sequence}";
            candidates.Add((new TranscriptHit(tab.Id, tab.Name, tab.WorkspaceId, workspace, project, hit.Sequence, hit.Kind, hit.Snippet), tab, copy));
        }

        // Keep the best-ranked position of each event, shown in its oldest tab (the original).
        var originals = candidates
            .GroupBy(c => c.Copy, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(c => c.Tab.CreatedAt).ThenBy(c => c.Tab.Id, StringComparer.Ordinal).First().Hit, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. candidates.Where(c => seen.Add(c.Copy)).Select(c => originals[c.Copy]).Take(limit)];
    }

    /// <summary>Tab, workspace and project names, each looked up once per search.</summary>
    private sealed class Names(IAgentTabStore tabs, IWorkspaceStore workspaces, IProjectStore projects)
    {
        private readonly Dictionary<string, AgentTab?> _tabs = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (string Workspace, string Project)> _places = new(StringComparer.Ordinal);

        public async Task<AgentTab?> TabAsync(string id, CancellationToken cancellationToken)
        {
            if (!_tabs.TryGetValue(id, out var tab))
            {
                _tabs[id] = tab = await tabs.GetAsync(id, cancellationToken);
            }

            return tab;
        }

        public async Task<(string Workspace, string Project)> PlaceAsync(string workspaceId, CancellationToken cancellationToken)
        {
            if (!_places.TryGetValue(workspaceId, out var place))
            {
                var workspace = await workspaces.GetAsync(workspaceId, cancellationToken);
                var project = workspace is null ? null : await projects.GetAsync(workspace.ProjectId, cancellationToken);
                _places[workspaceId] = place = (workspace?.Name ?? workspaceId, project?.Name ?? "?");
            }

            return place;
        }
    }
}
