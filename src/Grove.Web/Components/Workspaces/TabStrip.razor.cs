using System.Text.Json;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Services.Agents;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Grove.Web.Components.Workspaces;

public sealed partial class TabStrip
{
    private readonly CancellationTokenSource _life = new();
    private readonly Dictionary<string, AgentTabStatus> _live = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ran = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _parked = new(StringComparer.Ordinal);

    // Tabs whose next turn waits for a free agent slot: the badge text ("waiting: 3 ahead").
    private readonly Dictionary<string, string> _waiting = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, decimal> _costs = new Dictionary<string, decimal>(StringComparer.Ordinal);
    private string? _costsOf;
    private string? _renamingId;
    private string _renameText = "";

    // The input's value attribute stays the name it started with: re-rendering it from _renameText
    // while the user types would overwrite letters typed since the last round trip (dropped keys).
    private string _renameInitial = "";
    private ElementReference _renameInput;
    private bool _focusRename;
    private AgentTab? _menuTab;
    private string? _menuStyle;
    private AgentTab? _closing;
    private ElementReference _cancelClose;
    private bool _focusCancel;
    private bool _busy;
    private bool _showedUsage;
    private bool _newMenuOpen;
    private string? _newMenuStyle;
    private IReadOnlyList<AgentKindInfo>? _kinds;

    [Parameter, EditorRequired] public string WorkspaceId { get; set; } = "";

    [Parameter] public IReadOnlyList<AgentTab> Tabs { get; set; } = [];

    [Parameter] public string? CurrentTabId { get; set; }

    /// <summary>Raised after a tab was created, renamed or closed (reload the list).</summary>
    [Parameter] public EventCallback OnTabsChanged { get; set; }

    /// <summary>data-status of a tab: running, needs-input, done, parked, error, interrupted, or idle (never ran).</summary>
    public string StatusOf(AgentTab tab)
    {
        if (_waiting.ContainsKey(tab.Id))
        {
            return "waiting";
        }

        var status = _live.TryGetValue(tab.Id, out var live) ? live : tab.Status;
        var parked = _parked.TryGetValue(tab.Id, out var liveParked) ? liveParked : tab.ParkedAt is not null;
        return status switch
        {
            AgentTabStatus.Running => "running",
            AgentTabStatus.NeedsInput => "needs-input",
            AgentTabStatus.Error => "error",
            AgentTabStatus.Interrupted => "interrupted",
            AgentTabStatus.Idle when parked => "parked",
            _ when tab.SessionId is not null || _ran.Contains(tab.Id) => "done",
            _ => "idle",
        };
    }

    public static string StatusLabel(string status) => status switch
    {
        "running" => "Running",
        "needs-input" => "Needs your input",
        "done" => "Done",
        "error" => "Failed",
        "interrupted" => "Interrupted",
        "parked" => "Parked: its idle agent was stopped; the next message resumes it",
        "waiting" => "Waiting for a free agent slot",
        _ => "Not started",
    };

    public static string TabUrl(AgentTab tab) => $"/w/{Uri.EscapeDataString(tab.WorkspaceId)}/t/{Uri.EscapeDataString(tab.Id)}";

    public static string ExportUrl(AgentTab tab, string format) => $"/api/tabs/{Uri.EscapeDataString(tab.Id)}/export?format={format}";

    /// <summary>The waiting badge of a tab (<c>waiting: 3 ahead</c>, <c>waiting: low memory, 700 MB free</c>), or null.</summary>
    public string? WaitingOf(AgentTab tab) => _waiting.GetValueOrDefault(tab.Id);

    protected override void OnInitialized()
    {
        _ = WatchStatusAsync(_life.Token);
        Usage.Sampled += OnSampled;
    }

    /// <summary>New CPU and memory figures: re-render when one of these tabs runs an agent (or just stopped).</summary>
    private void OnSampled()
    {
        if (Tabs.Any(t => Usage.For(t.Id) is not null) || _showedUsage)
        {
            _showedUsage = Tabs.Any(t => Usage.For(t.Id) is not null);
            _ = InvokeAsync(StateHasChanged);
        }
    }

    protected override void OnParametersSet()
    {
        if (_costsOf != WorkspaceId)
        {
            _costsOf = WorkspaceId;
            _ = LoadCostsAsync();
        }

        foreach (var tab in Tabs)
        {
            if (!_waiting.ContainsKey(tab.Id) && Admission.WaitOf(tab.Id) is { } wait)
            {
                _waiting[tab.Id] = wait.Describe();
            }
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_focusRename || _focusCancel)
        {
            // The rename box, or Cancel in the close dialog (so Esc and Enter back out safely).
            var target = _focusRename ? _renameInput : _cancelClose;
            (_focusRename, _focusCancel) = (false, false);
            try
            {
                await target.FocusAsync();
            }
            catch (InvalidOperationException)
            {
                // The input went away before it could take focus.
            }
            catch (Microsoft.JSInterop.JSDisconnectedException)
            {
            }
        }
    }

    /// <summary>More than one kind of agent is registered: tabs show theirs and "+" asks which.</summary>
    private bool ShowAgentLabels => AgentKinds.Kinds.Count > 1;

    /// <summary>The "+" menu's entries: probed states once known, else every kind by name (enabled).</summary>
    private IEnumerable<AgentKindInfo> NewTabChoices => _kinds
        ?? AgentKinds.Kinds.Select(k => new AgentKindInfo(k, AgentKinds.DisplayNameOf(k), false, true, null, null, null, null, null, AgentKinds.CanFork(k)));

    /// <summary>"+": with one kind of agent, a new tab at once; with several, a menu to choose (unusable ones disabled, with why).</summary>
    private async Task NewTabClickedAsync(MouseEventArgs e)
    {
        if (!ShowAgentLabels)
        {
            await CreateAsync();
            return;
        }

        _newMenuOpen = !_newMenuOpen;
        // Kept inside a narrow window: the "+" sits at the right end of the strip.
        _newMenuStyle = e.ClientX > 0 || e.ClientY > 0 ? FormattableString.Invariant($"left: max(8px, min({e.ClientX - 16:0}px, calc(100vw - 268px))); top: {e.ClientY + 12:0}px;") : null;
        if (_newMenuOpen)
        {
            try
            {
                _kinds = await AgentKinds.ListAsync(cancellationToken: _life.Token);
            }
            catch (GroveException ex)
            {
                Toasts.Error(ex.Message);
            }
        }
    }

    /// <summary>
    /// Creates a tab like the current one (agent, mode, model, permissions) and opens it, or one running
    /// <paramref name="agentKind"/>; the first tab of a workspace gets the default agent and mode from the settings.
    /// </summary>
    public async Task CreateAsync(string? agentKind = null)
    {
        _newMenuOpen = false;
        if (_busy)
        {
            return;
        }

        _busy = true;
        try
        {
            var like = Tabs.FirstOrDefault(t => t.Id == CurrentTabId);
            var mode = like?.Mode ?? await Settings.GetDefaultAgentModeAsync(_life.Token);
            var tab = await AgentTabs.CreateAsync(
                new CreateTabRequest
                {
                    Workspace = WorkspaceId,
                    AgentKind = agentKind ?? like?.AgentKind,
                    Mode = mode,
                    Model = like?.Model,
                    PermissionMode = like?.PermissionMode ?? PermissionMode.Ask,
                },
                _life.Token);
            await OnTabsChanged.InvokeAsync();
            Navigation.NavigateTo(TabUrl(tab));
        }
        catch (GroveException ex)
        {
            Toasts.Error(ex.Message);
        }
        finally
        {
            _busy = false;
        }
    }

    private void ToggleMenu(AgentTab tab, MouseEventArgs e)
    {
        if (_menuTab?.Id == tab.Id)
        {
            _menuTab = null;
            return;
        }

        _menuTab = tab;
        _menuStyle = e.ClientX > 0 || e.ClientY > 0 ? FormattableString.Invariant($"left: {Math.Max(8, e.ClientX - 16):0}px; top: {e.ClientY + 12:0}px;") : null;
    }

    private void AskClose(AgentTab tab)
    {
        _menuTab = null;
        _closing = tab;
        _focusCancel = true;
    }

    private void StartRename(AgentTab tab)
    {
        _menuTab = null;
        _renamingId = tab.Id;
        _renameText = tab.Name;
        _renameInitial = tab.Name;
        _focusRename = true;
    }

    private async Task RenameKeyAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter")
        {
            await CommitRenameAsync();
        }
        else if (e.Key == "Escape")
        {
            _renamingId = null;
        }
    }

    /// <summary>Saves the new name (trimmed, unique in the workspace); an empty or unchanged name just ends the edit.</summary>
    public async Task CommitRenameAsync()
    {
        if (_renamingId is not { } id)
        {
            return;
        }

        _renamingId = null;
        var name = _renameText.Trim();
        var tab = Tabs.FirstOrDefault(t => t.Id == id);
        if (tab is null || name.Length == 0 || name == tab.Name)
        {
            return;
        }

        try
        {
            if (Tabs.Any(t => t.Id != id && string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new GroveException(ErrorKind.AlreadyExists, $"This workspace already has a tab named '{name}'.");
            }

            if (name.Contains(':', StringComparison.Ordinal) || name.Any(char.IsControl))
            {
                throw new GroveException(ErrorKind.InvalidInput, "A tab name cannot hold ':' or control characters.");
            }

            await AgentTabs.UpdateAsync(id, t => t with { Name = name }, _life.Token);
            await OnTabsChanged.InvokeAsync();
        }
        catch (GroveException ex)
        {
            Toasts.Error(ex.Message);
        }
    }

    /// <summary>Stops the tab's agent, deletes the tab, and opens its neighbour when it was the open one.</summary>
    public async Task CloseAsync(AgentTab tab)
    {
        _busy = true;
        try
        {
            var index = Tabs.ToList().FindIndex(t => t.Id == tab.Id);
            var neighbour = Tabs.Where(t => t.Id != tab.Id).Skip(Math.Max(0, index - 1)).FirstOrDefault()
                ?? Tabs.FirstOrDefault(t => t.Id != tab.Id);
            await Runs.StopAsync(tab.Id, _life.Token);
            await AgentTabs.DeleteAsync(tab.Id, _life.Token);
            _closing = null;
            await OnTabsChanged.InvokeAsync();
            if (tab.Id == CurrentTabId)
            {
                Navigation.NavigateTo(neighbour is null ? $"/w/{Uri.EscapeDataString(WorkspaceId)}" : TabUrl(neighbour));
            }
        }
        catch (GroveException ex)
        {
            _closing = null;
            Toasts.Error(ex.Message);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task WatchStatusAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var live in Runs.Events.SubscribeStatusAsync(cancellationToken))
            {
                var waiting = WaitingText(live.PayloadJson);
                await InvokeAsync(() =>
                {
                    var changed = waiting is null ? _waiting.Remove(live.TabId) : _waiting.GetValueOrDefault(live.TabId) != waiting;
                    if (waiting is not null)
                    {
                        _waiting[live.TabId] = waiting;
                    }

                    if (changed && Tabs.Any(t => t.Id == live.TabId))
                    {
                        StateHasChanged();
                    }
                });
                if (ParseStatus(live.PayloadJson) is { } status)
                {
                    await InvokeAsync(() =>
                    {
                        if (status == AgentTabStatus.Running)
                        {
                            _ran.Add(live.TabId);
                        }

                        _live[live.TabId] = status;
                        _parked[live.TabId] = IsParked(live.PayloadJson);
                        if (status != AgentTabStatus.Running && Tabs.Any(t => t.Id == live.TabId))
                        {
                            // A turn ended: its cost is counted before the tab goes idle.
                            _ = LoadCostsAsync();
                        }
                        if (Tabs.Any(t => t.Id == live.TabId))
                        {
                            StateHasChanged();
                        }
                    });
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Each tab's total cost (the sum of its turns' own costs), shown on the tab.</summary>
    private async Task LoadCostsAsync()
    {
        try
        {
            var spent = await Budgets.SpendAsync(WorkspaceId, _life.Token);
            await InvokeAsync(() =>
            {
                _costs = spent.ByTab;
                StateHasChanged();
            });
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
            // The circuit is gone.
        }
        catch (GroveException)
        {
            // The totals stay as they were; the next turn end tries again.
        }
    }

    /// <summary>True for the <c>tab_status</c> a parked agent publishes (<c>"parked": true</c>).</summary>
    internal static bool IsParked(string payloadJson)
    {
        try
        {
            using var document = JsonDocument.Parse(payloadJson);
            return document.RootElement.TryGetProperty("parked", out var value) && value.ValueKind == JsonValueKind.True;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The text of a <c>{"status":"waiting",…}</c> status, or null for any other.</summary>
    internal static string? WaitingText(string payloadJson)
    {
        try
        {
            using var document = JsonDocument.Parse(payloadJson);
            var root = document.RootElement;
            return root.TryGetProperty("status", out var value) && value.ValueEquals("waiting")
                ? root.TryGetProperty("text", out var text) ? text.GetString() : "waiting"
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static AgentTabStatus? ParseStatus(string payloadJson)
    {
        try
        {
            using var document = JsonDocument.Parse(payloadJson);
            return document.RootElement.TryGetProperty("status", out var value) && value.GetString() is { } text
                && Enum.TryParse<AgentTabStatus>(text, ignoreCase: true, out var status) ? status : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        Usage.Sampled -= OnSampled;
        _life.Cancel();
        _life.Dispose();
    }
}
