using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Data.Stores;

namespace Grove.Services.Agents;

/// <summary>
/// Start-up, in every Grove process that opens the database: a tab left <c>running</c> or
/// <c>needs input</c> whose owning process (<see cref="AgentTab.RunOwner"/>) is gone — Grove crashed
/// or was killed — is marked interrupted, with a notice in its transcript. Tabs a live
/// <c>grove serve</c> or <c>grove run</c> owns are left alone.
/// </summary>
internal sealed class StaleRunReconciler(IWorkspaceStore workspaces, IAgentTabStore tabs, ITranscriptStore transcripts, SessionRecovery recovery, TimeProvider time)
{
    public const string Message = "Grove stopped while this tab was running; everything streamed before that was kept. Send a message to resume.";

    public static string RecoveredMessage(int count, string source) =>
        $"Grove stopped while this tab was running. {count} {(count == 1 ? "item" : "items")} the agent wrote after that (or before Grove stored them) were recovered from {source} and are marked as recovered above. Send a message to resume.";

    /// <summary>Marks stale running tabs interrupted; returns how many.</summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        var reconciled = 0;
        foreach (var workspace in await workspaces.ListAsync(includeArchived: true, cancellationToken: cancellationToken))
        {
            foreach (var tab in await tabs.ListAsync(workspace.Id, cancellationToken))
            {
                if (tab.Status is not (AgentTabStatus.Running or AgentTabStatus.NeedsInput) || RunOwner.IsAlive(tab.RunOwner))
                {
                    continue;
                }

                var recovered = await RecoverAsync(tab, cancellationToken);
                var message = recovered == 0 ? Message : RecoveredMessage(recovered, recovery.SourceOf(tab.AgentKind));
                await transcripts.AppendAsync(
                    new TranscriptEvent
                    {
                        TabId = tab.Id,
                        Kind = AgentEventKinds.Error,
                        PayloadJson = AgentEventJson.Serialize(new ErrorEvent(AgentErrorKind.ProcessExited, message)),
                        Text = message,
                        CreatedAt = time.GetUtcNow(),
                    },
                    cancellationToken);
                await tabs.UpdateAsync(tab with { Status = AgentTabStatus.Interrupted, LastError = message, RunOwner = null, UpdatedAt = time.GetUtcNow() }, cancellationToken);
                reconciled++;
            }
        }

        return reconciled;
    }

    /// <summary>Appends what the agent's session file holds beyond the transcript, marked recovered; returns how many.</summary>
    private async Task<int> RecoverAsync(AgentTab tab, CancellationToken cancellationToken)
    {
        var stored = new List<TranscriptEvent>();
        for (long after = 0; ;)
        {
            var page = await transcripts.ReadAsync(tab.Id, after, 1000, cancellationToken);
            stored.AddRange(page);
            if (page.Count < 1000)
            {
                break;
            }

            after = page[^1].Sequence;
        }

        var missing = await recovery.MissingAsync(tab, stored, cancellationToken);
        if (missing.Count > 0)
        {
            await transcripts.AppendManyAsync([.. missing.Select(e => e.ToTranscriptEvent(tab.Id, time.GetUtcNow()))], cancellationToken);
        }

        return missing.Count;
    }
}
