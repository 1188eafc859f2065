using System.Text.Json;
using Grove.Core.Domain;
using Grove.Services.Agents;

namespace Grove.Web.Components.Workspaces;

/// <summary>A workspace's status in lists: the most pressing state of its agent tabs.</summary>
public enum WorkspaceStatus
{
    Idle,

    /// <summary>A turn finished since the workspace was last opened.</summary>
    Done,

    Interrupted,
    Running,
    Error,

    /// <summary>A permission request or question waits for a person.</summary>
    NeedsInput,
}

/// <summary>
/// Tracks the agent tabs' statuses per workspace for the sidebar: loaded from the tabs and the
/// pending approvals, then kept current from <see cref="TabEventHub.StatusKind"/> events. Not
/// thread-safe: the sidebar calls it on its render thread.
/// </summary>
public sealed class WorkspaceActivity
{
    private readonly Dictionary<string, (string WorkspaceId, AgentTabStatus Status)> _tabs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private readonly HashSet<string> _done = new(StringComparer.Ordinal);

    public void Load(IEnumerable<AgentTab> tabs, IEnumerable<PendingApproval> pending)
    {
        _tabs.Clear();
        foreach (var tab in tabs)
        {
            _tabs[tab.Id] = (tab.WorkspaceId, tab.Status);
        }

        SetPending(pending);
    }

    public bool Knows(string tabId) => _tabs.ContainsKey(tabId);

    public void Track(AgentTab tab) => _tabs[tab.Id] = (tab.WorkspaceId, _tabs.TryGetValue(tab.Id, out var known) ? known.Status : tab.Status);

    public void SetPending(IEnumerable<PendingApproval> pending)
    {
        _pending.Clear();
        foreach (var approval in pending)
        {
            _pending.Add(approval.WorkspaceId);
        }
    }

    /// <summary>
    /// Applies a tab's new status; a turn that ends well while the workspace is not being looked at
    /// marks it done. Returns the tab's workspace, or null for a tab it does not know.
    /// </summary>
    public string? Apply(string tabId, AgentTabStatus status, string? viewedWorkspaceId)
    {
        if (!_tabs.TryGetValue(tabId, out var known))
        {
            return null;
        }

        if (status == AgentTabStatus.Idle && known.Status is AgentTabStatus.Running or AgentTabStatus.NeedsInput
            && known.WorkspaceId != viewedWorkspaceId)
        {
            _done.Add(known.WorkspaceId);
        }

        _tabs[tabId] = (known.WorkspaceId, status);
        return known.WorkspaceId;
    }

    /// <summary>The person looked at the workspace: its "done" mark goes away.</summary>
    public bool MarkSeen(string workspaceId) => _done.Remove(workspaceId);

    public WorkspaceStatus StatusOf(string workspaceId)
    {
        var statuses = _tabs.Values.Where(t => t.WorkspaceId == workspaceId).Select(t => t.Status).ToList();
        if (_pending.Contains(workspaceId) || statuses.Contains(AgentTabStatus.NeedsInput))
        {
            return WorkspaceStatus.NeedsInput;
        }

        if (statuses.Contains(AgentTabStatus.Error))
        {
            return WorkspaceStatus.Error;
        }

        if (statuses.Contains(AgentTabStatus.Running))
        {
            return WorkspaceStatus.Running;
        }

        if (statuses.Contains(AgentTabStatus.Interrupted))
        {
            return WorkspaceStatus.Interrupted;
        }

        return _done.Contains(workspaceId) ? WorkspaceStatus.Done : WorkspaceStatus.Idle;
    }

    /// <summary>Reads the status out of a <see cref="TabEventHub.StatusKind"/> event's payload.</summary>
    public static AgentTabStatus? ParseStatus(string payloadJson)
    {
        try
        {
            using var document = JsonDocument.Parse(payloadJson);
            return document.RootElement.TryGetProperty("status", out var value) && value.ValueKind == JsonValueKind.String
                && Enum.TryParse<AgentTabStatus>(value.GetString(), ignoreCase: true, out var status)
                ? status
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The lowercase, dashed name used in markup (<c>data-status</c>) and styles.</summary>
    public static string Css(WorkspaceStatus status) => status switch
    {
        WorkspaceStatus.NeedsInput => "needs-input",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static string Label(WorkspaceStatus status) => status switch
    {
        WorkspaceStatus.NeedsInput => "Needs input",
        WorkspaceStatus.Done => "Done",
        WorkspaceStatus.Running => "Running",
        WorkspaceStatus.Error => "Error",
        WorkspaceStatus.Interrupted => "Interrupted",
        _ => "Idle",
    };
}
