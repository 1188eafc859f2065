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
    private readonly Dictionary<string, HashSet<string>> _tabsOf = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private readonly HashSet<string> _done = new(StringComparer.Ordinal);

    public void Load(IEnumerable<AgentTab> tabs, IEnumerable<PendingApproval> pending)
    {
        _tabs.Clear();
        _tabsOf.Clear();
        foreach (var tab in tabs)
        {
            Set(tab.Id, tab.WorkspaceId, tab.Status);
        }

        SetPending(pending);
    }

    public bool Knows(string tabId) => _tabs.ContainsKey(tabId);

    public void Track(AgentTab tab) => Set(tab.Id, tab.WorkspaceId, _tabs.TryGetValue(tab.Id, out var known) ? known.Status : tab.Status);

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

    /// <summary>The most pressing state of the workspace's tabs (read for every row of every render: its own tabs only).</summary>
    public WorkspaceStatus StatusOf(string workspaceId)
    {
        bool error = false, running = false, interrupted = false;
        if (_pending.Contains(workspaceId))
        {
            return WorkspaceStatus.NeedsInput;
        }

        foreach (var tabId in _tabsOf.GetValueOrDefault(workspaceId) ?? [])
        {
            switch (_tabs[tabId].Status)
            {
                case AgentTabStatus.NeedsInput:
                    return WorkspaceStatus.NeedsInput;
                case AgentTabStatus.Error:
                    error = true;
                    break;
                case AgentTabStatus.Running:
                    running = true;
                    break;
                case AgentTabStatus.Interrupted:
                    interrupted = true;
                    break;
            }
        }

        return error ? WorkspaceStatus.Error
            : running ? WorkspaceStatus.Running
            : interrupted ? WorkspaceStatus.Interrupted
            : _done.Contains(workspaceId) ? WorkspaceStatus.Done : WorkspaceStatus.Idle;
    }

    private void Set(string tabId, string workspaceId, AgentTabStatus status)
    {
        _tabs[tabId] = (workspaceId, status);
        if (!_tabsOf.TryGetValue(workspaceId, out var tabs))
        {
            _tabsOf[workspaceId] = tabs = new HashSet<string>(StringComparer.Ordinal);
        }

        tabs.Add(tabId);
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
